/**
 * The storage contract: domain code is written once against this async API and runs on either engine,
 * SQLite (better-sqlite3, the embedded default) or PostgreSQL (`pg`, chosen by DATABASE_URL).
 *
 * THE SQL DIALECT domain code writes in — PostgreSQL syntax that SQLite also runs after a small,
 * mechanical translation (sql.ts):
 *
 * May use
 * - `$1, $2, …` placeholders (a number may repeat). SQLite gets `?` with the values reordered.
 * - `INSERT … ON CONFLICT (cols) DO NOTHING | DO UPDATE SET c = excluded.c`, `RETURNING`, `UPDATE … FROM`,
 *   CTEs (`WITH`), JOINs, subqueries, `coalesce`, `CASE`, `count(*)`, `lower`, `LIMIT $n`, `||`.
 * - `FOR UPDATE`, `FOR NO KEY UPDATE`, `… SKIP LOCKED`, `NOWAIT` at the end of a SELECT inside a
 *   transaction: row locks on PostgreSQL; dropped for SQLite, whose BEGIN IMMEDIATE already lets only
 *   one writer in.
 * - Flags (boolean columns on PostgreSQL, INTEGER 0/1 on SQLite): compare with `TRUE`/`FALSE` or a bound
 *   parameter; bind JS booleans (or 0/1). They come back as 0 or 1 on both engines.
 *
 * May not use
 * - `?` placeholders, `INSERT OR REPLACE/IGNORE`, `PRAGMA`, `rowid`, `::` casts, `ILIKE`, `now()` or
 *   `strftime` (times are integer milliseconds passed in from JS), `GROUP_CONCAT`/`string_agg`, JSON
 *   operators (JSON is TEXT; parse it in JS), `LIKE` (case rules differ), `= 0`/`= 1` on a flag column.
 * - A parameter whose type PostgreSQL cannot infer (`SELECT $1`, `$1 IS NULL`, `$1 + $2`): do that in JS.
 * - Non-database awaits inside a transaction body (hash passwords, decode files, call the network first):
 *   on SQLite the one connection waits for the transaction; on PostgreSQL it holds row locks.
 * - Anything but the transaction handle `t` inside `db.tx(async (t) => …)` (enforced: it throws).
 * - Engine checks (`db.engine === …`) in domain code; that belongs in this folder.
 *
 * Values: integers (ms timestamps, sequences, counts) come back as JS numbers on both engines
 * (PostgreSQL bigint is parsed, refusing values beyond 2^53); BLOB/bytea ↔ Buffer; TEXT ↔ string;
 * NULL ↔ null. `undefined` is refused as a parameter.
 */

export type EngineName = 'sqlite' | 'postgres';

export type SqlValue = string | number | boolean | bigint | null | Buffer | Uint8Array;
export type SqlParams = readonly SqlValue[];
export type Row = Record<string, unknown>;

/** Statements that can run on the database or inside a transaction. */
export interface Queryable {
	readonly engine: EngineName;
	/** The first row, or undefined. */
	one<T = Row>(sql: string, params?: SqlParams): Promise<T | undefined>;
	all<T = Row>(sql: string, params?: SqlParams): Promise<T[]>;
	/** The first column of the first row, or undefined (better-sqlite3's pluck().get()). */
	value<T = unknown>(sql: string, params?: SqlParams): Promise<T | undefined>;
	/** Runs a statement; returns how many rows it inserted, updated or deleted. */
	run(sql: string, params?: SqlParams): Promise<number>;
}

export interface Tx extends Queryable {
	/** Runs after COMMIT (never after a rollback): wake devices, start work that needs the data. */
	afterCommit(fn: () => void | Promise<void>): void;
}

export interface TxOptions {
	/**
	 * PostgreSQL only: how often to run the body again after a deadlock or serialization failure.
	 * A body must therefore be re-runnable: keep its state inside it and its side effects in afterCommit.
	 */
	retries?: number;
}

export interface Health {
	/** The database answered. */
	reachable: boolean;
	/** Every migration this code knows has been applied. */
	migrated: boolean;
}

export interface Database extends Queryable {
	/** One write transaction: all or nothing, one writer per mailbox row at a time. */
	tx<T>(fn: (t: Tx) => Promise<T>, options?: TxOptions): Promise<T>;
	/** A read-only transaction seeing one consistent snapshot (pull: latest seq and rows agree). */
	snapshot<T>(fn: (t: Queryable) => Promise<T>): Promise<T>;
	/** Multi-statement SQL without parameters: schema set-up and tests only. */
	exec(sql: string): Promise<void>;
	health(): Promise<Health>;
	/** Waits for running transactions, then closes every connection. */
	close(): Promise<void>;
}

/** Thrown when domain code breaks a rule of this contract (a bug, never bad user input). */
export class StorageMisuse extends Error {}
