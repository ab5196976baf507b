import type { Queryable, Tx } from '../db/engine';
import { nextSeq } from '../db/sequence';
import type { LetterDoc } from '../../schemas/letter';

/**
 * Company (private senders') letters are kept from helpers: access covers public post, and a private sender's
 * letters only when the owner shows that sender. One rule, used by pull, files, push and replies.
 */
export async function shownPrivateSenders(q: Queryable, mailboxId: string): Promise<Set<string>> {
	const rows = await q.all<{ sender_id: string }>(
		'SELECT sender_id FROM access_sender_visibility WHERE mailbox_id = $1',
		[mailboxId]
	);
	return new Set(rows.map((r) => r.sender_id));
}

export function hiddenFromHelpers(
	letter: { sender_kind: string; sender_id: string },
	shown: ReadonlySet<string>
): boolean {
	return letter.sender_kind === 'private' && !shown.has(letter.sender_id);
}

/** Whether a letter of the mailbox is hidden from its helpers (false also when there is no such letter). */
export async function letterHiddenFromHelpers(
	q: Queryable,
	mailboxId: string,
	letterId: string
): Promise<boolean> {
	const row = await q.one<{ sender_kind: string; sender_id: string }>(
		'SELECT sender_kind, sender_id FROM letters WHERE mailbox_id = $1 AND id = $2',
		[mailboxId, letterId]
	);
	return !!row && hiddenFromHelpers(row, await shownPrivateSenders(q, mailboxId));
}

/**
 * What a helper's device gets for a hidden letter: a tombstone without content, so a letter it synced before
 * the owner hid its sender is removed from the device too.
 */
export function hiddenTombstone(doc: LetterDoc): LetterDoc {
	return {
		...doc,
		senderName: '-',
		title: '-',
		notification: '',
		caseId: null,
		replyAllowed: false,
		replyBy: null,
		documents: [{ id: 'hidden', kind: 'main', title: '', bodyHtml: null, files: [], actions: [] }],
		memo: undefined,
		_deleted: true
	};
}

export interface PrivateSender {
	id: string;
	name: string;
	shown: boolean;
}

/** Private senders the owner may show or hide: those they accept post from or have letters from. */
export async function privateSendersOf(q: Queryable, mailboxId: string): Promise<PrivateSender[]> {
	const rows = await q.all<{ id: string; name: string; shown: number }>(
		`SELECT s.id, s.name, CASE WHEN v.sender_id IS NULL THEN 0 ELSE 1 END AS shown FROM senders s
		 LEFT JOIN access_sender_visibility v ON v.mailbox_id = $1 AND v.sender_id = s.id
		 WHERE s.kind = 'private' AND (
		   EXISTS (SELECT 1 FROM private_sender_optins o WHERE o.mailbox_id = $1 AND o.sender_id = s.id)
		   OR EXISTS (SELECT 1 FROM letters l WHERE l.mailbox_id = $1 AND l.sender_id = s.id))
		 ORDER BY s.name, s.id`,
		[mailboxId]
	);
	return rows.map((r) => ({ id: r.id, name: r.name, shown: r.shown === 1 }));
}

/**
 * Shows or hides one private sender's letters to helpers. The sender's letters get new sequence numbers, so
 * helpers' devices pull them again: as letters, or as tombstones that remove them. Returns whether it changed.
 */
export async function setSenderShown(
	t: Tx,
	mailboxId: string,
	senderId: string,
	shown: boolean,
	now: number
): Promise<boolean> {
	const changed = shown
		? await t.run(
				`INSERT INTO access_sender_visibility (mailbox_id, sender_id, updated_at) VALUES ($1, $2, $3)
				 ON CONFLICT (mailbox_id, sender_id) DO NOTHING`,
				[mailboxId, senderId, now]
			)
		: await t.run('DELETE FROM access_sender_visibility WHERE mailbox_id = $1 AND sender_id = $2', [
				mailboxId,
				senderId
			]);
	if (changed === 0) return false;
	const ids = (
		await t.all<{ id: string }>(
			'SELECT id FROM letters WHERE mailbox_id = $1 AND sender_id = $2 ORDER BY seq',
			[mailboxId, senderId]
		)
	).map((r) => r.id);
	for (const id of ids)
		await t.run('UPDATE letters SET seq = $1 WHERE mailbox_id = $2 AND id = $3', [
			await nextSeq(t, mailboxId),
			mailboxId,
			id
		]);
	return true;
}
