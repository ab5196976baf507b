import type { Queryable } from '../db/engine';
import type { LetterDoc, LetterDocument, SenderKind } from '../../schemas/letter';
import type { MemoData } from '../../schemas/memo';

/** A letter as stored in SQLite (the list row the mail client draws is `LetterRow` in $lib/mail). */
export interface LetterRecord {
	id: string;
	mailbox_id: string;
	seq: number;
	deleted: number;
	sender_id: string;
	message_uuid: string;
	sender_name: string;
	sender_kind: SenderKind;
	title: string;
	notification: string;
	created_at: string;
	received_at: number;
	reply_allowed: number;
	reply_by: string | null;
	legal_notification: number;
	mandatory: number;
	case_id: string | null;
	thread_id: string;
	in_reply_to: string | null;
	documents: string;
	read: number;
	folder: string;
	trashed_at: number | null;
	changed_read: number;
	changed_folder: number;
	trashed_server_at: number | null;
	/** Set while the letter is held until its doNotDeliverUntilDate; such a letter is not in the mailbox yet. */
	visible_from: number | null;
	memo: string | null;
}

export function letterFromRecord(row: LetterRecord): LetterDoc {
	return {
		id: row.id,
		serverSeq: row.seq,
		senderId: row.sender_id,
		senderName: row.sender_name,
		senderKind: row.sender_kind,
		title: row.title,
		notification: row.notification,
		createdAt: row.created_at,
		receivedAt: row.received_at,
		replyAllowed: row.reply_allowed === 1,
		replyBy: row.reply_by,
		legalNotification: row.legal_notification === 1,
		mandatory: row.mandatory === 1,
		caseId: row.case_id,
		threadId: row.thread_id,
		inReplyTo: row.in_reply_to,
		documents: JSON.parse(row.documents) as LetterDocument[],
		...(row.memo ? { memo: JSON.parse(row.memo) as MemoData } : {}),
		read: row.read === 1,
		folder: row.folder,
		trashedAt: row.trashed_at,
		changedAt: { read: row.changed_read, folder: row.changed_folder },
		_deleted: row.deleted === 1
	};
}

/** A letter of the mailbox as its devices may see it (a held letter is not there yet). */
export async function letterRecord(
	q: Queryable,
	mailboxId: string,
	id: string
): Promise<LetterRecord | null> {
	return (
		(await q.one<LetterRecord>(
			'SELECT * FROM letters WHERE mailbox_id = $1 AND id = $2 AND visible_from IS NULL',
			[mailboxId, id]
		)) ?? null
	);
}
