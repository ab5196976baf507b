import type { Database, Queryable } from '../db/engine';

/** A database with no citizen and no sender: a first start. */
export async function isEmpty(q: Queryable): Promise<boolean> {
	return (
		!(await q.one('SELECT 1 AS hit FROM citizens LIMIT 1')) &&
		!(await q.one('SELECT 1 AS hit FROM senders LIMIT 1'))
	);
}

/**
 * Seeds the demo mailbox into an empty database. The seeder (with its PDF writer) is loaded only then, so a
 * server with data never loads it. False when the database had data, or another process seeded it first.
 */
export async function seedDemoIfEmpty(db: Database, demoJsonPath: string): Promise<boolean> {
	if (!(await isEmpty(db))) return false;
	const { seedDemo } = await import('./demo');
	return (await seedDemo(db, demoJsonPath)) !== null;
}
