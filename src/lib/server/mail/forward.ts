/**
 * Forwarding a letter from the mailbox to a public authority (MeMo ForwardData). The server fills the
 * original sender, date and messageUUID from its own copy of the letter, never from what a device sends.
 */
import type { Queryable } from '../db/engine';
import { memoForwardData } from '../../schemas/memo';
import { outgoingForward, type OutgoingForward } from '../../schemas/outgoing';
import type { LetterDocument } from '../../schemas/letter';
import { readFile, type StoredFile } from './file-store';
import type { z } from 'zod';

export type MemoForwardData = z.infer<typeof memoForwardData>;

/** The letter to forward as the server knows it, or null when the mailbox has no such (visible) letter. */
export async function forwardedLetter(
	q: Queryable,
	mailboxId: string,
	letterId: string
): Promise<OutgoingForward | null> {
	const row = await q.one<{ message_uuid: string; sender_name: string; created_at: string }>(
		`SELECT message_uuid, sender_name, created_at FROM letters
		 WHERE mailbox_id = $1 AND id = $2 AND deleted = FALSE AND visible_from IS NULL`,
		[mailboxId, letterId]
	);
	if (!row) return null;
	return {
		letterId,
		messageUUID: row.message_uuid,
		originalSender: row.sender_name,
		originalMessageDateTime: row.created_at
	};
}

/**
 * MeMo ForwardData for a sent forward: the letter's messageUUID, sender and date, and the citizen's comment
 * (left out when empty). Checked against the MeMo schema, so an authority only ever gets valid ForwardData.
 */
export function memoForwardDataOf(forward: OutgoingForward, comment: string): MemoForwardData {
	const text = comment.trim();
	return memoForwardData.parse({
		messageUUID: forward.messageUUID,
		originalMessageDateTime: forward.originalMessageDateTime,
		originalSender: forward.originalSender,
		...(text ? { comment: text } : {})
	});
}

export interface ForwardedLetter {
	title: string;
	caseID: string | null;
	documents: {
		label: string;
		kind: 'main' | 'additional' | 'technical';
		files: { id: string; filename: string; mediaType: string; size: number; url: string }[];
	}[];
}

/**
 * The forwarded letter as the receiving authority sees it: title, case and its documents' files, each
 * downloadable with the authority's API key (`handleForwardedFile`). Null once the letter is gone.
 */
export async function forwardedLetterContent(
	q: Queryable,
	mailboxId: string,
	letterId: string,
	replyId: string
): Promise<ForwardedLetter | null> {
	const row = await q.one<{ title: string; case_id: string | null; documents: string }>(
		`SELECT title, case_id, documents FROM letters
		 WHERE mailbox_id = $1 AND id = $2 AND deleted = FALSE AND visible_from IS NULL`,
		[mailboxId, letterId]
	);
	if (!row) return null;
	const documents = JSON.parse(row.documents) as LetterDocument[];
	return {
		title: row.title,
		caseID: row.case_id,
		documents: documents.map((d) => ({
			label: d.title,
			kind: d.kind,
			files: d.files.map((f) => ({
				id: f.id,
				filename: f.filename,
				mediaType: f.contentType,
				size: f.size,
				url: `/api/v1/replies/${encodeURIComponent(replyId)}/files/${encodeURIComponent(f.id)}`
			}))
		}))
	};
}

/**
 * A file of a letter a citizen forwarded to this sender: only through a sent forward addressed to it, and only
 * a file of that very letter. Null for anything else, so other files' existence stays hidden.
 */
export async function forwardedFile(
	q: Queryable,
	senderId: string,
	replyId: string,
	fileId: string
): Promise<StoredFile | null> {
	const sent = await q.one<{ mailbox_id: string; forward: string }>(
		`SELECT mailbox_id, forward FROM outgoing
		 WHERE id = $1 AND recipient_id = $2 AND status = 'sent' AND forward IS NOT NULL`,
		[replyId, senderId]
	);
	if (!sent) return null;
	const { letterId } = outgoingForward.parse(JSON.parse(sent.forward));
	const file = await readFile(q, sent.mailbox_id, fileId);
	if (!file) return null;
	const owner = await q.one<{ letter_id: string }>('SELECT letter_id FROM files WHERE id = $1', [fileId]);
	return owner?.letter_id === letterId ? file : null;
}
