import type { Db } from '../db/connection';
import { write } from '../db/connection';

/**
 * Tombstones (deleted letters, folders and dismissed outgoing messages) are kept so devices learn of the
 * deletion, then purged after a retention period. The mailbox remembers the sequence up to which they were
 * purged (`purged_seq`): a device whose checkpoint is older may have missed one and must start over
 * (pull answers 410, ./pull.ts).
 */
const tombstoneTables = ['letters', 'folders', 'outgoing'] as const;

export function purgedSeq(db: Db, mailboxId: string): number {
	const row = db.prepare('SELECT purged_seq FROM mailboxes WHERE id = ?').get(mailboxId) as
		{ purged_seq: number } | undefined;
	return row?.purged_seq ?? 0;
}

/** Tombstones without a time get `now`: their retention starts when housekeeping first sees them. */
function stampTombstones(db: Db, table: (typeof tombstoneTables)[number], now: number): void {
	db.prepare(`UPDATE ${table} SET deleted_at = ? WHERE deleted = 1 AND deleted_at IS NULL`).run(now);
}

/** The newest sequence among a table's tombstones due for purging, per mailbox. */
function dueTombstones(db: Db, table: (typeof tombstoneTables)[number], dueBy: number) {
	return db
		.prepare(
			`SELECT mailbox_id, MAX(seq) AS seq FROM ${table} WHERE deleted = 1 AND deleted_at <= ? GROUP BY mailbox_id`
		)
		.all(dueBy) as { mailbox_id: string; seq: number }[];
}

function deleteTombstones(db: Db, table: (typeof tombstoneTables)[number], dueBy: number): void {
	db.prepare(`DELETE FROM ${table} WHERE deleted = 1 AND deleted_at <= ?`).run(dueBy);
}

function raisePurgedSeq(db: Db, mailboxId: string, seq: number): void {
	db.prepare('UPDATE mailboxes SET purged_seq = ? WHERE id = ? AND purged_seq < ?').run(seq, mailboxId, seq);
}

/**
 * Removes tombstones older than `retentionMs` and records, per mailbox, the sequence up to which they are gone.
 * Returns that sequence for every mailbox that lost tombstones.
 */
export function purgeTombstones(db: Db, now: number, retentionMs: number): Map<string, number> {
	return write(db, () => {
		const dueBy = now - retentionMs;
		const upTo = new Map<string, number>();
		for (const table of tombstoneTables) {
			stampTombstones(db, table, now);
			for (const { mailbox_id, seq } of dueTombstones(db, table, dueBy)) {
				upTo.set(mailbox_id, Math.max(upTo.get(mailbox_id) ?? 0, seq));
			}
			deleteTombstones(db, table, dueBy);
		}
		for (const [mailboxId, seq] of upTo) raisePurgedSeq(db, mailboxId, seq);
		return upTo;
	});
}
