import type { Db } from '../db/connection';
import { nextSeq } from '../db/connection';
import type { LetterDoc } from '../../schemas/letter';

/**
 * Company (private senders') letters are kept from helpers: access covers public post, and a private sender's
 * letters only when the owner shows that sender. One rule, used by pull, files, push and replies.
 */
export function shownPrivateSenders(db: Db, mailboxId: string): Set<string> {
	return new Set(
		db
			.prepare('SELECT sender_id FROM access_sender_visibility WHERE mailbox_id = ?')
			.pluck()
			.all(mailboxId) as string[]
	);
}

export function hiddenFromHelpers(
	letter: { sender_kind: string; sender_id: string },
	shown: ReadonlySet<string>
): boolean {
	return letter.sender_kind === 'private' && !shown.has(letter.sender_id);
}

/** Whether a letter of the mailbox is hidden from its helpers (false also when there is no such letter). */
export function letterHiddenFromHelpers(db: Db, mailboxId: string, letterId: string): boolean {
	const row = db
		.prepare('SELECT sender_kind, sender_id FROM letters WHERE mailbox_id = ? AND id = ?')
		.get(mailboxId, letterId) as { sender_kind: string; sender_id: string } | undefined;
	return !!row && hiddenFromHelpers(row, shownPrivateSenders(db, mailboxId));
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
export function privateSendersOf(db: Db, mailboxId: string): PrivateSender[] {
	const rows = db
		.prepare(
			`SELECT s.id, s.name, CASE WHEN v.sender_id IS NULL THEN 0 ELSE 1 END AS shown FROM senders s
			 LEFT JOIN access_sender_visibility v ON v.mailbox_id = ? AND v.sender_id = s.id
			 WHERE s.kind = 'private' AND (
			   EXISTS (SELECT 1 FROM private_sender_optins o WHERE o.mailbox_id = ? AND o.sender_id = s.id)
			   OR EXISTS (SELECT 1 FROM letters l WHERE l.mailbox_id = ? AND l.sender_id = s.id))
			 ORDER BY s.name`
		)
		.all(mailboxId, mailboxId, mailboxId) as { id: string; name: string; shown: number }[];
	return rows.map((r) => ({ id: r.id, name: r.name, shown: r.shown === 1 }));
}

/**
 * Shows or hides one private sender's letters to helpers. The sender's letters get new sequence numbers, so
 * helpers' devices pull them again: as letters, or as tombstones that remove them. Returns whether it changed.
 */
export function setSenderShown(
	db: Db,
	mailboxId: string,
	senderId: string,
	shown: boolean,
	now: number
): boolean {
	const changed = shown
		? db
				.prepare(
					`INSERT INTO access_sender_visibility (mailbox_id, sender_id, updated_at) VALUES (?, ?, ?)
					 ON CONFLICT (mailbox_id, sender_id) DO NOTHING`
				)
				.run(mailboxId, senderId, now).changes
		: db
				.prepare('DELETE FROM access_sender_visibility WHERE mailbox_id = ? AND sender_id = ?')
				.run(mailboxId, senderId).changes;
	if (changed === 0) return false;
	const ids = db
		.prepare('SELECT id FROM letters WHERE mailbox_id = ? AND sender_id = ? ORDER BY seq')
		.pluck()
		.all(mailboxId, senderId) as string[];
	const bump = db.prepare('UPDATE letters SET seq = ? WHERE mailbox_id = ? AND id = ?');
	for (const id of ids) bump.run(nextSeq(db, mailboxId), mailboxId, id);
	return true;
}
