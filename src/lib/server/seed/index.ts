import type { Db } from '../db/connection';

/** A database with no citizen and no sender: a first start. */
export function isEmpty(db: Db): boolean {
	return (
		!db.prepare('SELECT 1 FROM citizens LIMIT 1').get() && !db.prepare('SELECT 1 FROM senders LIMIT 1').get()
	);
}

/**
 * Seeds the demo mailbox into an empty database. The seeder (with its PDF writer) is loaded only then, so a
 * server with data never loads it.
 */
export async function seedDemoIfEmpty(db: Db, demoJsonPath: string): Promise<boolean> {
	if (!isEmpty(db)) return false;
	const { seedDemo } = await import('./demo');
	await seedDemo(db, demoJsonPath);
	return true;
}
