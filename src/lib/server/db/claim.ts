import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { StorageMisuse, type Database, type SqlParams, type Tx } from './engine';

/**
 * Background work that several app processes share (trash purge, notices) without doing an item twice.
 *
 * Two shapes:
 * - claimRows: the work is database writes. Lock the due rows inside the transaction that does the
 *   work; other workers skip locked rows (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite has one writer at a
 *   time anyway). The work must make the rows stop matching `where` (e.g. mark them purged), so a worker
 *   that comes later does not find them again.
 * - leaseRows: the work happens outside the database (e-mail, SMS, push). Mark due rows as leased to
 *   this worker until a deadline and commit at once; do the work; then finish them with a statement that
 *   checks `lease_owner` (finishLease). A worker that dies leaves its lease to run out, and another
 *   worker takes the item then: at least once, never twice at the same time. The table needs two
 *   columns: `lease_owner text` and `lease_until` (bigint / INTEGER, ms).
 *
 * `where`, `orderBy` and `columns` are SQL written by us (never user input), with `$1…` for `params`.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
	if (!IDENTIFIER.test(name)) throw new StorageMisuse(`not a plain table or column name: ${name}`);
	return name;
}

function limitOf(limit: number): number {
	if (!Number.isInteger(limit) || limit < 1) throw new StorageMisuse('limit must be a whole number ≥ 1');
	return limit;
}

/** A name for this process's worker: host, pid and a random part (pids repeat after restarts). */
export function workerId(): string {
	return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface ClaimSpec {
	table: string;
	columns: string;
	where: string;
	params?: SqlParams;
	orderBy: string;
	limit: number;
}

/** Locks up to `limit` due rows for this transaction; rows another worker holds are skipped. */
export function claimRows<T>(t: Tx, spec: ClaimSpec): Promise<T[]> {
	const params = spec.params ?? [];
	return t.all<T>(
		`SELECT ${spec.columns} FROM ${identifier(spec.table)} WHERE ${spec.where}
		 ORDER BY ${spec.orderBy} LIMIT $${params.length + 1} FOR UPDATE SKIP LOCKED`,
		[...params, limitOf(spec.limit)]
	);
}

export interface LeaseSpec {
	table: string;
	/** The key column (default `id`). */
	id?: string;
	where: string;
	params?: SqlParams;
	orderBy: string;
	limit: number;
	worker: string;
	leaseMs: number;
	now: number;
}

/** Leases up to `limit` due rows (whose lease is free or ran out) to `worker`; returns them whole. */
export function leaseRows<T>(db: Database, spec: LeaseSpec): Promise<T[]> {
	const table = identifier(spec.table);
	const id = identifier(spec.id ?? 'id');
	const params = spec.params ?? [];
	const n = params.length;
	return db.tx((t) =>
		t.all<T>(
			`WITH picked AS MATERIALIZED (
			   SELECT ${id} FROM ${table}
			   WHERE (${spec.where}) AND (lease_until IS NULL OR lease_until <= $${n + 1})
			   ORDER BY ${spec.orderBy} LIMIT $${n + 2}
			   FOR UPDATE SKIP LOCKED
			 )
			 UPDATE ${table} SET lease_owner = $${n + 3}, lease_until = $${n + 4}
			 WHERE ${id} IN (SELECT ${id} FROM picked)
			 RETURNING *`,
			[...params, spec.now, limitOf(spec.limit), spec.worker, spec.now + spec.leaseMs]
		)
	);
}

/**
 * Finishes a leased row with `sql`, which must end in `… AND lease_owner = $<last>`: this function adds
 * the worker as the last parameter. Returns false when the lease was lost (it ran out and another worker
 * took the row), so the caller knows its result was not recorded.
 */
export async function finishLease(t: Tx, sql: string, params: SqlParams, worker: string): Promise<boolean> {
	if (!new RegExp(`lease_owner\\s*=\\s*\\$${params.length + 1}\\b`).test(sql)) {
		throw new StorageMisuse(`finishLease SQL must check lease_owner = $${params.length + 1}: ${sql}`);
	}
	return (await t.run(sql, [...params, worker])) > 0;
}
