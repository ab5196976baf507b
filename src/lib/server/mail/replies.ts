import type { Queryable } from '../db/engine';
import { outgoingForward } from '../../schemas/outgoing';
import {
	forwardedLetterContent,
	memoForwardDataOf,
	type ForwardedLetter,
	type MemoForwardData
} from './forward';

export interface Reply {
	id: string;
	/** Pass as `after` to get what came later. */
	cursor: string;
	sentAt: string;
	title: string;
	body: string;
	/** MeMo's sender of a reply: the citizen, by CPR. */
	sender: { idType: 'CPR'; senderID: string; label: string };
	/** The letter this answers (by the messageUUID you gave it), or null for a new message. */
	inReplyTo: { messageUUID: string; caseID: string | null } | null;
	/** A letter the citizen sent on from their mailbox (MeMo ForwardData; `body` is then the comment), or null. */
	forwardData: MemoForwardData | null;
	/** The forwarded letter's title, case and files (each downloadable from `url`); null when not a forward or gone. */
	forwardedLetter: ForwardedLetter | null;
	threadId: string;
	/** The files the citizen attached (photos, PDFs), base64 like the files of the messages API. */
	files: ReplyFile[];
	/** Set when a helper with read and write access wrote it on the citizen's behalf: the helper's name. */
	writtenOnBehalfBy: { label: string } | null;
}

export interface ReplyFile {
	filename: string;
	encodingFormat: string;
	size: number;
	content: string;
}

/** A page of replies stops growing past this many file bytes (it always holds at least one reply). */
export const REPLIES_PAGE_FILE_BYTES = 24 * 1024 * 1024;

/**
 * A message the citizen (mailbox) sent to this sender, by its id: what a sender's answer may join (its reply
 * thread), or null.
 */
export async function sentMessageTo(
	q: Queryable,
	mailboxId: string,
	messageId: string,
	senderId: string
): Promise<{ threadId: string } | null> {
	const row = await q.one<{ thread_id: string }>(
		"SELECT thread_id FROM outgoing WHERE mailbox_id = $1 AND id = $2 AND recipient_id = $3 AND status = 'sent'",
		[mailboxId, messageId, senderId]
	);
	return row ? { threadId: row.thread_id } : null;
}

interface ReplyRow {
	mailbox_id: string;
	id: string;
	reply_seq: number;
	sent_at: number;
	title: string;
	body: string;
	thread_id: string;
	cpr: string;
	name: string;
	message_uuid: string | null;
	case_id: string | null;
	forward: string | null;
	written_by_name: string | null;
}

/** Sent citizen messages to one sender, after a cursor (the sender's own reply sequence). */
export async function listReplies(
	q: Queryable,
	senderId: string,
	after: number,
	limit: number
): Promise<{ replies: Reply[]; cursor: string; hasMore: boolean }> {
	const rows = await q.all<ReplyRow>(
		`SELECT o.id, o.reply_seq, o.sent_at, o.title, o.body, o.thread_id, c.cpr, c.name, l.message_uuid, l.case_id,
			        o.forward, o.mailbox_id, o.written_by_name
			 FROM outgoing o
			 JOIN mailboxes m ON m.id = o.mailbox_id
			 JOIN citizens c ON c.id = m.citizen_id
			 LEFT JOIN letters l ON l.mailbox_id = o.mailbox_id AND l.id = o.in_reply_to
			 WHERE o.recipient_id = $1 AND o.reply_seq > $2
			 ORDER BY o.reply_seq LIMIT $3`,
		[senderId, after, limit + 1]
	);
	const page: (ReplyRow & { files: ReplyFile[] })[] = [];
	let fileBytes = 0;
	for (const row of rows.slice(0, limit)) {
		const files = (
			await q.all<{ filename: string; media_type: string; size: number; content: Buffer }>(
				`SELECT filename, media_type, size, content FROM outgoing_files
				 WHERE mailbox_id = $1 AND outgoing_id = $2 ORDER BY position`,
				[row.mailbox_id, row.id]
			)
		).map((f) => ({
			filename: f.filename,
			encodingFormat: f.media_type,
			size: f.size,
			content: f.content.toString('base64')
		}));
		const size = files.reduce((sum, f) => sum + f.size, 0);
		if (page.length > 0 && fileBytes + size > REPLIES_PAGE_FILE_BYTES) break;
		fileBytes += size;
		page.push({ ...row, files });
	}
	const replies: Reply[] = [];
	for (const r of page) {
		const forward = r.forward ? outgoingForward.parse(JSON.parse(r.forward)) : null;
		replies.push({
			id: r.id,
			cursor: String(r.reply_seq),
			sentAt: new Date(r.sent_at).toISOString(),
			title: r.title,
			body: r.body,
			sender: { idType: 'CPR', senderID: r.cpr, label: r.name },
			inReplyTo: r.message_uuid ? { messageUUID: r.message_uuid, caseID: r.case_id } : null,
			forwardData: forward ? memoForwardDataOf(forward, r.body) : null,
			forwardedLetter: forward ? await forwardedLetterContent(q, r.mailbox_id, forward.letterId, r.id) : null,
			threadId: r.thread_id,
			files: r.files,
			writtenOnBehalfBy: r.written_by_name ? { label: r.written_by_name } : null
		});
	}
	return {
		replies,
		cursor: String(page.at(-1)?.reply_seq ?? after),
		hasMore: rows.length > page.length
	};
}
