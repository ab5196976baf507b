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

/** Rows a device must not see yet: letters held until their doNotDeliverUntilDate (mail/held.ts). */
const notYetVisible: Partial<Record<SyncedTable, string>> = { letters: 'AND visible_from IS NULL' };
export type SyncedTable = (typeof syncedTables)[number];

export interface Page<R> {
	rows: R[];
	/** Where the next read starts. */
	checkpoint: number;
	latest: number;
	/** The mailbox's sequence up to which tombstones were purged (../sync/tombstones.ts), read in the same statement. */
	purged: number;
	/** The checkpoint the rows were read after: 0 when the one asked for was from the future. */
	from: number;
}

/**
 * Rows of one table with seq > checkpoint, oldest first, and the mailbox's latest seq, read by ONE
 * statement (one snapshot on both engines, one round trip on PostgreSQL). When fewer than `limit` rows
 * come back, every row up to `latest` has been seen, so the checkpoint jumps to `latest` (other tables'
 * numbers are skipped once, not re-read).
 */
export async function readAfter<R extends { seq: number }>(
	q: Queryable,
	table: SyncedTable,
	mailboxId: string,
	checkpoint: number,
	limit: number
): Promise<Page<R>> {
	if (!syncedTables.includes(table)) throw new StorageMisuse(`not a synced table: ${table}`);
	// A checkpoint from the future (the database was replaced) starts over, so nothing is missed.
	const rows = await q.all<R & { page_latest: number; page_purged: number }>(
		`SELECT m.last_seq AS page_latest, m.purged_seq AS page_purged, r.* FROM mailboxes m
		 LEFT JOIN (
		   SELECT * FROM ${table}
		   WHERE mailbox_id = $1 ${notYetVisible[table] ?? ''}
		     AND seq > (CASE WHEN $2 > (SELECT last_seq FROM mailboxes WHERE id = $1) THEN 0 ELSE $2 END)
		   ORDER BY seq LIMIT $3
		 ) r ON TRUE
		 WHERE m.id = $1
		 ORDER BY r.seq`,
		[mailboxId, checkpoint, limit]
	);
	const latest = rows[0]?.page_latest ?? 0;
	const purged = rows[0]?.page_purged ?? 0;
	const found: R[] = [];
	for (const { page_latest: _, page_purged: __, ...row } of rows)
		if (row.seq !== null) found.push(row as unknown as R);
	return {
		rows: found,
		checkpoint: found.length === limit ? found[found.length - 1]!.seq : latest,
		latest,
		purged,
		from: checkpoint > latest ? 0 : checkpoint
	};
}
