import {
	RateLimiterPostgres,
	RateLimiterRes,
	RateLimiterSQLite,
	type RateLimiterStoreAbstract
} from 'rate-limiter-flexible';
import type { Database } from './engine';
import { PostgresDatabase } from './postgres-engine';
import { SqliteDatabase } from './sqlite-engine';

/**
 * Counts failures per key (an IP address, an account) in the database, so a limit holds across app
 * processes and restarts. rate-limiter-flexible does the counting, with its PostgreSQL store or its
 * better-sqlite3 store, on the `rate_limits` table our migrations create.
 */
export interface FailureLimiter {
	/** Milliseconds until this key may try again, or 0 when it may try now. */
	blockedFor(key: string): Promise<number>;
	recordFailure(key: string): Promise<void>;
	/** Forgets the key's failures (e.g. after a success, where a rule wants that). */
	forget(key: string): Promise<void>;
}

export interface FailureLimiterOptions {
	/** Names the limit; keys of different limits never mix. */
	keyPrefix: string;
	maxFailures: number;
	windowSeconds: number;
}

const TABLE = 'rate_limits';

class StoredFailureLimiter implements FailureLimiter {
	constructor(
		private readonly limiter: RateLimiterStoreAbstract,
		private readonly maxFailures: number,
		/** SQLite: the library uses the raw connection, so it must wait for open transactions. */
		private readonly serialize: <T>(fn: () => Promise<T>) => Promise<T>
	) {}

	async blockedFor(key: string): Promise<number> {
		const state = await this.serialize(() => this.limiter.get(key));
		return state && state.consumedPoints >= this.maxFailures ? Math.max(state.msBeforeNext, 1) : 0;
	}

	async recordFailure(key: string): Promise<void> {
		try {
			await this.serialize(() => this.limiter.consume(key));
		} catch (err) {
			// Over the limit is an answer (blockedFor reports it); a database error is not.
			if (!(err instanceof RateLimiterRes)) throw err;
		}
	}

	async forget(key: string): Promise<void> {
		await this.serialize(() => this.limiter.delete(key));
	}
}

export function createFailureLimiter(db: Database, options: FailureLimiterOptions): FailureLimiter {
	const common = {
		keyPrefix: options.keyPrefix,
		points: options.maxFailures,
		duration: options.windowSeconds,
		tableName: TABLE,
		tableCreated: true,
		// Expired rows are deleted by clearExpiredLimits (housekeeping), not by a timer per limiter.
		clearExpiredByTimeout: false
	};
	if (db instanceof PostgresDatabase) {
		const limiter = new RateLimiterPostgres({ ...common, storeClient: db.pool, storeType: 'pool' });
		return new StoredFailureLimiter(limiter, options.maxFailures, (fn) => fn());
	}
	if (db instanceof SqliteDatabase) {
		const limiter = new RateLimiterSQLite({ ...common, storeClient: db.raw, storeType: 'better-sqlite3' });
		return new StoredFailureLimiter(limiter, options.maxFailures, (fn) => db.exclusive(fn));
	}
	throw new Error('unknown database engine');
}

/** Deletes limit rows that ran out more than an hour ago. Returns how many. */
export function clearExpiredLimits(db: Database, now: number): Promise<number> {
	return db.run(`DELETE FROM ${TABLE} WHERE expire < $1`, [now - 3_600_000]);
}
