import { createHash } from 'node:crypto';
import pg from 'pg';
import {
	StorageMisuse,
	type Database,
	type Health,
	type Queryable,
	type SqlParams,
	type Tx,
	type TxOptions
} from './engine';
import { checkParams, prepare } from './sql';
import { refuseEnded, refuseInside, runCommitHooks, runInside } from './scope';
import { migratePostgres, postgresMigrations } from './postgres-migrations';

const INT8 = 20;
const BOOL = 16;

function int8(text: string): number {
	const value = Number(text);
	if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JS number`);
	return value;
}

/**
 * Per-pool type parsers (pg's global ones would also change other libraries' results): bigint → number
 * (our times are ms and sequences stay far below 2^53), boolean → 0/1 as SQLite gives it. bytea → Buffer
 * is pg's default.
 */
export const pgTypes = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (format !== 'binary') {
			if (oid === INT8) return int8;
			if (oid === BOOL) return (text: string) => (text === 't' ? 1 : 0);
		}
		return format ? pg.types.getTypeParser(oid, format) : pg.types.getTypeParser(oid);
	}
} as pg.CustomTypesConfig;

/** Deadlock, serialization failure: the whole transaction may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

type Mode = 'one' | 'all' | 'value' | 'run';

const names = new Map<string, string>();
function statementName(sql: string): string {
	let name = names.get(sql);
	if (!name) {
		name = `pk_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
		if (names.size >= 2000) names.clear();
		names.set(sql, name);
	}
	return name;
}

async function execute(
	client: pg.Pool | pg.PoolClient,
	sql: string,
	params: SqlParams,
	mode: Mode,
	inTx: boolean
): Promise<never> {
	const prepared = prepare(sql);
	checkParams(prepared, params);
	if (prepared.locks && !inTx)
		throw new StorageMisuse(`row locks outside a transaction lock nothing: ${sql}`);
	const values = params as unknown[];
	// A named statement is parsed and planned once per connection, then only bound and run.
	const name = statementName(sql);
	if (mode === 'value') {
		const result = await client.query({ name, text: sql, values, rowMode: 'array' });
		return (result.rows[0] as unknown[] | undefined)?.[0] as never;
	}
	const result = await client.query({ name, text: sql, values });
	if (mode === 'run') return (result.rowCount ?? 0) as never;
	if (mode === 'one') return result.rows[0] as never;
	return result.rows as never;
}

class PostgresTx implements Tx {
	readonly engine = 'postgres' as const;
	ended = false;
	readonly commitHooks: (() => void | Promise<void>)[] = [];

	constructor(private readonly client: pg.PoolClient) {}

	private async go(sql: string, params: SqlParams, mode: Mode): Promise<never> {
		refuseEnded(this.ended);
		return execute(this.client, sql, params, mode, true);
	}

	one<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.go(sql, params, 'one');
	}
	all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
		return this.go(sql, params, 'all');
	}
	value<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.go(sql, params, 'value');
	}
	run(sql: string, params: SqlParams = []): Promise<number> {
		return this.go(sql, params, 'run');
	}
	afterCommit(fn: () => void | Promise<void>): void {
		refuseEnded(this.ended);
		this.commitHooks.push(fn);
	}
}

export interface PostgresOptions {
	url: string;
	/** Most connections this process opens (DATABASE_POOL_MAX). */
	poolMax?: number;
	/** Shows in pg_stat_activity. */
	applicationName?: string;
}

/** The PostgreSQL engine: a pool of connections; every transaction holds one for its whole body. */
export class PostgresDatabase implements Database {
	readonly engine = 'postgres' as const;
	readonly pool: pg.Pool;
	private closed = false;

	private constructor(readonly options: PostgresOptions) {
		this.pool = new pg.Pool({
			connectionString: options.url,
			max: options.poolMax ?? 10,
			application_name: options.applicationName ?? 'postkasse',
			types: pgTypes,
			// Fail fast rather than queue forever when the database is gone.
			connectionTimeoutMillis: 10_000
		});
		// An idle connection that breaks (server restart) must not crash the process; the pool replaces it.
		this.pool.on('error', (err) => console.error('PostgreSQL idle connection error:', err.message));
	}

	/** Connects and migrates (under an advisory lock, so processes starting together take turns). */
	static async open(options: PostgresOptions): Promise<PostgresDatabase> {
		const db = new PostgresDatabase(options);
		try {
			await migratePostgres(db.pool);
		} catch (err) {
			await db.pool.end();
			throw err;
		}
		return db;
	}

	/** Connection settings for clients outside the pool (the LISTEN connection of the hub). */
	clientConfig(applicationName: string): pg.ClientConfig {
		return { connectionString: this.options.url, application_name: applicationName, types: pgTypes };
	}

	private statement(sql: string, params: SqlParams, mode: Mode): Promise<never> {
		refuseInside(this, `db.${mode}()`);
		if (this.closed) throw new StorageMisuse('the database is closed');
		return execute(this.pool, sql, params, mode, false);
	}

	one<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.statement(sql, params, 'one');
	}
	all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
		return this.statement(sql, params, 'all');
	}
	value<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.statement(sql, params, 'value');
	}
	run(sql: string, params: SqlParams = []): Promise<number> {
		return this.statement(sql, params, 'run');
	}

	private async transaction<T>(
		begin: string,
		fn: (t: PostgresTx) => Promise<T>,
		retries: number
	): Promise<T> {
		refuseInside(this, 'a nested transaction');
		for (let attempt = 0; ; attempt++) {
			if (this.closed) throw new StorageMisuse('the database is closed');
			const client = await this.pool.connect();
			let broken: Error | undefined;
			const t = new PostgresTx(client);
			try {
				await client.query(begin);
				const result = await runInside(this, () => fn(t));
				// The body is over: a query it forgot to await must not slip in before COMMIT.
				t.ended = true;
				await client.query('COMMIT');
				client.release();
				await runCommitHooks(t.commitHooks);
				return result;
			} catch (err) {
				t.ended = true;
				try {
					await client.query('ROLLBACK');
				} catch (rollbackError) {
					broken = rollbackError as Error; // the connection is unusable: the pool drops it
				}
				client.release(broken);
				const code = (err as { code?: string }).code;
				if (code && RETRYABLE.has(code) && attempt < retries) continue;
				throw err;
			}
		}
	}

	tx<T>(fn: (t: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
		return this.transaction('BEGIN', fn, options.retries ?? 2);
	}

	snapshot<T>(fn: (t: Queryable) => Promise<T>): Promise<T> {
		return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY', fn, 2);
	}

	async exec(sql: string): Promise<void> {
		refuseInside(this, 'db.exec()');
		await this.pool.query(sql);
	}

	async health(): Promise<Health> {
		try {
			const version = await this.value<number>('SELECT coalesce(max(version), 0) FROM schema_migrations');
			return { reachable: true, migrated: (version ?? 0) >= postgresMigrations.length };
		} catch {
			return { reachable: false, migrated: false };
		}
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		// Waits for checked-out clients (running transactions) to be released.
		await this.pool.end();
	}
}
