import { AsyncLocalStorage } from 'node:async_hooks';
import { StorageMisuse } from './engine';

/** The databases whose transaction the running code is inside (async context, per request). */
const open = new AsyncLocalStorage<ReadonlySet<object>>();

export function runInside<T>(db: object, fn: () => Promise<T>): Promise<T> {
	const outer = open.getStore();
	return open.run(new Set([...(outer ?? []), db]), fn);
}

/**
 * Inside `db.tx(async (t) => …)` every statement must go through `t`: on SQLite `db` would wait for the
 * transaction it is part of (a deadlock), on PostgreSQL it would run on another connection, outside it.
 */
export function refuseInside(db: object, what: string): void {
	if (open.getStore()?.has(db)) {
		throw new StorageMisuse(`${what} inside a transaction of the same database: use the transaction handle`);
	}
}

/** A transaction handle used after its transaction ended (a query that was not awaited). */
export function refuseEnded(ended: boolean): void {
	if (ended) throw new StorageMisuse('this transaction has ended; await every query inside its body');
}

/** Runs after-commit hooks; the data is committed, so a failing hook is logged, not thrown. */
export async function runCommitHooks(hooks: readonly (() => void | Promise<void>)[]): Promise<void> {
	for (const hook of hooks) {
		try {
			await hook();
		} catch (err) {
			console.error('after-commit hook failed:', err instanceof Error ? err.message : err);
		}
	}
}
