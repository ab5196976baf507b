import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection';
import type { HistoryAction } from '../../schemas/access';

/** Entries are kept at least this long (the owner's record of what helpers did); older ones are pruned. */
export const HISTORY_KEEP_MS = 2 * 366 * 24 * 3_600_000;
/** A helper's "opened the mailbox" is written at most this often (devices pull and reconnect all the time). */
const OPENED_EVERY_MS = 30 * 60_000;

export interface HistoryEntry {
	id: string;
	helperId: string;
	helperName: string;
	action: HistoryAction;
	letterId: string | null;
	detail: string | null;
	at: number;
}

/** Writes one entry. Call inside the transaction of the change it is about. */
export function recordHistory(
	db: Db,
	entry: {
		mailboxId: string;
		helperId: string;
		action: HistoryAction;
		letterId?: string | null;
		detail?: string | null;
	},
	now: number
): void {
	db.prepare(
		'INSERT INTO access_history (id, mailbox_id, helper_id, action, letter_id, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)'
	).run(
		randomUUID(),
		entry.mailboxId,
		entry.helperId,
		entry.action,
		entry.letterId ?? null,
		entry.detail ?? null,
		now
	);
}

/** "Opened the mailbox", unless this helper opened it within the last half hour. */
export function recordOpened(db: Db, mailboxId: string, helperId: string, now: number): void {
	const recent = db
		.prepare(
			"SELECT 1 FROM access_history WHERE mailbox_id = ? AND helper_id = ? AND action = 'opened' AND at > ? LIMIT 1"
		)
		.get(mailboxId, helperId, now - OPENED_EVERY_MS);
	if (!recent) recordHistory(db, { mailboxId, helperId, action: 'opened' }, now);
}

/** The owner's history of one mailbox, newest first (optionally one helper's). */
export function listHistory(db: Db, mailboxId: string, helperId: string | null, limit = 200): HistoryEntry[] {
	const rows = db
		.prepare(
			`SELECT h.id, h.helper_id, c.name AS helper_name, h.action, h.letter_id, h.detail, h.at
			 FROM access_history h JOIN citizens c ON c.id = h.helper_id
			 WHERE h.mailbox_id = ? AND (? = '' OR h.helper_id = ?)
			 ORDER BY h.at DESC, h.id LIMIT ?`
		)
		.all(mailboxId, helperId ?? '', helperId ?? '', limit) as {
		id: string;
		helper_id: string;
		helper_name: string;
		action: HistoryAction;
		letter_id: string | null;
		detail: string | null;
		at: number;
	}[];
	return rows.map((r) => ({
		id: r.id,
		helperId: r.helper_id,
		helperName: r.helper_name,
		action: r.action,
		letterId: r.letter_id,
		detail: r.detail,
		at: r.at
	}));
}

export function pruneHistory(db: Db, now: number): number {
	return db.prepare('DELETE FROM access_history WHERE at < ?').run(now - HISTORY_KEEP_MS).changes;
}
