import type { Queryable, Tx } from './engine';
import { StorageMisuse } from './engine';

/**
 * The per-mailbox checkpoint sequence, the same on both engines.
 *
 * Why a pull never skips a row: a writer takes its numbers with `UPDATE mailboxes … RETURNING`, which
 * holds the mailbox row's lock until COMMIT (SQLite: the database's one write lock). The next writer of
 * that mailbox waits for the lock, so it draws a higher number only after the earlier writer committed
 * or rolled back (a rolled-back writer's numbers are drawn again). Within a mailbox, sequence order is
 * commit order: once a reader sees seq 7, every lower number is committed or was never used. (Gaps do
 * appear when a row moves to a new number; readers tolerate them.)
 */

/** Locks the mailbox row for this transaction: call it before reading rows you will change (push). */
export async function lockMailbox(t: Tx, mailboxId: string): Promise<number> {
	const seq = await t.value<number>('SELECT last_seq FROM mailboxes WHERE id = $1 FOR NO KEY UPDATE', [
		mailboxId
	]);
	if (seq === undefined) throw new StorageMisuse('mailbox not found');
	return seq;
}

/** Bumps the mailbox's sequence and returns the new value; the row stays locked until COMMIT. */
export async function nextSeq(t: Tx, mailboxId: string): Promise<number> {
	const seq = await t.value<number>(
		'UPDATE mailboxes SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq',
		[mailboxId]
	);
	if (seq === undefined) throw new StorageMisuse('mailbox not found');
	return seq;
}

export async function latestSeq(q: Queryable, mailboxId: string): Promise<number> {
	return (await q.value<number>('SELECT last_seq FROM mailboxes WHERE id = $1', [mailboxId])) ?? 0;
}

const syncedTables = ['letters', 'folders', 'outgoing'] as const;
export type SyncedTable = (typeof syncedTables)[number];

export interface Page<R> {
	rows: R[];
	/** Where the next read starts. */
	checkpoint: number;
	latest: number;
}

/**
 * Rows of one table with seq > checkpoint, oldest first, read in one snapshot. When fewer than `limit`
 * come back, every row up to `latest` has been seen, so the checkpoint jumps to `latest` (other tables'
 * numbers are skipped once, not re-read). Run it inside `db.snapshot`.
 */
export async function readAfter<R extends { seq: number }>(
	q: Queryable,
	table: SyncedTable,
	mailboxId: string,
	checkpoint: number,
	limit: number
): Promise<Page<R>> {
	if (!syncedTables.includes(table)) throw new StorageMisuse(`not a synced table: ${table}`);
	const latest = await latestSeq(q, mailboxId);
	// A checkpoint from the future (the database was replaced): start over, so nothing is missed.
	const from = checkpoint > latest ? 0 : checkpoint;
	const rows = await q.all<R>(
		`SELECT * FROM ${table} WHERE mailbox_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
		[mailboxId, from, limit]
	);
	return { rows, checkpoint: rows.length === limit ? rows[rows.length - 1]!.seq : latest, latest };
}
