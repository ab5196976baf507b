/**
 * Forwarding a letter from the mailbox to a public authority (MeMo ForwardData). The server fills the
 * original sender, date and messageUUID from its own copy of the letter, never from what a device sends.
 */
import type { Db } from '../db/connection';
import { memoForwardData } from '../../schemas/memo';
import type { OutgoingForward } from '../../schemas/outgoing';
import type { z } from 'zod';

export type MemoForwardData = z.infer<typeof memoForwardData>;

/** The letter to forward as the server knows it, or null when the mailbox has no such (visible) letter. */
export function forwardedLetter(db: Db, mailboxId: string, letterId: string): OutgoingForward | null {
	const row = db
		.prepare(
			`SELECT message_uuid, sender_name, created_at FROM letters
			 WHERE mailbox_id = ? AND id = ? AND deleted = 0 AND visible_from IS NULL`
		)
		.get(mailboxId, letterId) as
		{ message_uuid: string; sender_name: string; created_at: string } | undefined;
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
