import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../db/engine';
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
export async function recordHistory(
	t: Tx,
	entry: {
		mailboxId: string;
		helperId: string;
		action: HistoryAction;
		letterId?: string | null;
		detail?: string | null;
	},
	now: number
): Promise<void> {
	await t.run(
		'INSERT INTO access_history (id, mailbox_id, helper_id, action, letter_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
		[
			randomUUID(),
			entry.mailboxId,
			entry.helperId,
			entry.action,
			entry.letterId ?? null,
			entry.detail ?? null,
			now
		]
	);
}

/** "Opened the mailbox", unless this helper opened it within the last half hour. */
export async function recordOpened(t: Tx, mailboxId: string, helperId: string, now: number): Promise<void> {
	const recent = await t.one(
		"SELECT 1 AS hit FROM access_history WHERE mailbox_id = $1 AND helper_id = $2 AND action = 'opened' AND at > $3 LIMIT 1",
		[mailboxId, helperId, now - OPENED_EVERY_MS]
	);
	if (!recent) await recordHistory(t, { mailboxId, helperId, action: 'opened' }, now);
}

/** The owner's history of one mailbox, newest first (optionally one helper's). */
export async function listHistory(
	q: Queryable,
	mailboxId: string,
	helperId: string | null,
	limit = 200
): Promise<HistoryEntry[]> {
	const rows = await q.all<{
		id: string;
		helper_id: string;
		helper_name: string;
		action: HistoryAction;
		letter_id: string | null;
		detail: string | null;
		at: number;
	}>(
		`SELECT h.id, h.helper_id, c.name AS helper_name, h.action, h.letter_id, h.detail, h.at
		 FROM access_history h JOIN citizens c ON c.id = h.helper_id
		 WHERE h.mailbox_id = $1 AND ($2 = '' OR h.helper_id = $2)
		 ORDER BY h.at DESC, h.id LIMIT $3`,
		[mailboxId, helperId ?? '', limit]
	);
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

export function pruneHistory(q: Queryable, now: number): Promise<number> {
	return q.run('DELETE FROM access_history WHERE at < $1', [now - HISTORY_KEEP_MS]);
}
