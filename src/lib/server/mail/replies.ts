import type { Db } from '../db/connection';

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
	threadId: string;
	/** Set when a helper with read and write access wrote it on the citizen's behalf: the helper's name. */
	writtenOnBehalfBy: { label: string } | null;
}

/**
 * A message the citizen (mailbox) sent to this sender, by its id: what a sender's answer may join (its reply
 * thread), or null.
 */
export function sentMessageTo(
	db: Db,
	mailboxId: string,
	messageId: string,
	senderId: string
): { threadId: string } | null {
	const row = db
		.prepare(
			"SELECT thread_id FROM outgoing WHERE mailbox_id = ? AND id = ? AND recipient_id = ? AND status = 'sent'"
		)
		.get(mailboxId, messageId, senderId) as { thread_id: string } | undefined;
	return row ? { threadId: row.thread_id } : null;
}

interface ReplyRow {
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
	written_by_name: string | null;
}

/** Sent citizen messages to one sender, after a cursor (the sender's own reply sequence). */
export function listReplies(
	db: Db,
	senderId: string,
	after: number,
	limit: number
): { replies: Reply[]; cursor: string; hasMore: boolean } {
	const rows = db
		.prepare(
			`SELECT o.id, o.reply_seq, o.sent_at, o.title, o.body, o.thread_id, c.cpr, c.name, l.message_uuid, l.case_id,
			        o.written_by_name
			 FROM outgoing o
			 JOIN mailboxes m ON m.id = o.mailbox_id
			 JOIN citizens c ON c.id = m.citizen_id
			 LEFT JOIN letters l ON l.mailbox_id = o.mailbox_id AND l.id = o.in_reply_to
			 WHERE o.recipient_id = ? AND o.reply_seq > ?
			 ORDER BY o.reply_seq LIMIT ?`
		)
		.all(senderId, after, limit + 1) as ReplyRow[];
	const page = rows.slice(0, limit);
	return {
		replies: page.map((r) => ({
			id: r.id,
			cursor: String(r.reply_seq),
			sentAt: new Date(r.sent_at).toISOString(),
			title: r.title,
			body: r.body,
			sender: { idType: 'CPR', senderID: r.cpr, label: r.name },
			inReplyTo: r.message_uuid ? { messageUUID: r.message_uuid, caseID: r.case_id } : null,
			threadId: r.thread_id,
			writtenOnBehalfBy: r.written_by_name ? { label: r.written_by_name } : null
		})),
		cursor: String(page.at(-1)?.reply_seq ?? after),
		hasMore: rows.length > limit
	};
}
