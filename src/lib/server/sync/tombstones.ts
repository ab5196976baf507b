import type { Database, Queryable, Tx } from '../db/engine';

/**
 * Tombstones (deleted letters, folders and dismissed outgoing messages) are kept so devices learn of the
 * deletion, then purged after a retention period. The mailbox remembers the sequence up to which they were
 * purged (`purged_seq`): a device whose checkpoint is older may have missed one and must start over
 * (pull answers 410, ./pull.ts).
 */
const tombstoneTables = ['letters', 'folders', 'outgoing'] as const;
type TombstoneTable = (typeof tombstoneTables)[number];

export async function purgedSeq(q: Queryable, mailboxId: string): Promise<number> {
	return (await q.value<number>('SELECT purged_seq FROM mailboxes WHERE id = $1', [mailboxId])) ?? 0;
}

/** Tombstones without a time get `now`: their retention starts when housekeeping first sees them. */
async function stampTombstones(t: Tx, table: TombstoneTable, now: number): Promise<void> {
	await t.run(`UPDATE ${table} SET deleted_at = $1 WHERE deleted = TRUE AND deleted_at IS NULL`, [now]);
}

/** Removes a table's tombstones due for purging; returns the newest sequence removed, per mailbox. */
async function deleteTombstones(t: Tx, table: TombstoneTable, dueBy: number) {
	return t.all<{ mailbox_id: string; seq: number }>(
		`DELETE FROM ${table} WHERE deleted = TRUE AND deleted_at <= $1 RETURNING mailbox_id, seq`,
		[dueBy]
	);
}

async function raisePurgedSeq(t: Tx, mailboxId: string, seq: number): Promise<void> {
	await t.run('UPDATE mailboxes SET purged_seq = $1 WHERE id = $2 AND purged_seq < $1', [seq, mailboxId]);
}

/**
 * Removes tombstones older than `retentionMs` and records, per mailbox, the sequence up to which they are gone.
 * Returns that sequence for every mailbox that lost tombstones. Safe in several processes at once: each row is
 * deleted by one of them (DELETE … RETURNING), and `purged_seq` only ever rises.
 */
export async function purgeTombstones(
	db: Database,
	now: number,
	retentionMs: number
): Promise<Map<string, number>> {
	return db.tx(async (t) => {
		const dueBy = now - retentionMs;
		const upTo = new Map<string, number>();
		for (const table of tombstoneTables) {
			await stampTombstones(t, table, now);
			for (const { mailbox_id, seq } of await deleteTombstones(t, table, dueBy)) {
				upTo.set(mailbox_id, Math.max(upTo.get(mailbox_id) ?? 0, seq));
			}
		}
		// One order for the mailbox rows, so two processes purging at once cannot deadlock on them.
		for (const mailboxId of [...upTo.keys()].sort()) await raisePurgedSeq(t, mailboxId, upTo.get(mailboxId)!);
		return upTo;
	});
}
