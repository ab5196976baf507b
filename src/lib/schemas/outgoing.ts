import { z } from 'zod';
import { epochMs, uuid } from './common';

/**
 * Why the server did not send an outgoing message. Codes, so each device says it in its own language.
 */
export const outgoingFailure = z.enum([
	'unknown_recipient',
	'recipient_not_public',
	'reply_not_allowed',
	'reply_deadline_passed',
	'letter_not_found'
]);
export type OutgoingFailure = z.infer<typeof outgoingFailure>;

export const outgoingStatus = z.enum(['waiting', 'sent', 'failed']);
export type OutgoingStatus = z.infer<typeof outgoingStatus>;

/**
 * A message the citizen writes: a reply to a letter or a new message to an authority
 * (collection "outgoing"). A device creates it as "waiting"; the server sets "sent" or "failed".
 */
export const outgoingDoc = z.object({
	id: uuid,
	serverSeq: z.number().int().min(0),
	/** Sender id of the authority it goes to. */
	recipientId: z.string().min(1).max(64),
	recipientName: z.string().max(200),
	/** The letter this answers, or null for a new message. */
	inReplyTo: uuid.nullable(),
	title: z.string().trim().min(1).max(200),
	body: z.string().trim().min(1).max(10_000),
	createdAt: epochMs,
	status: outgoingStatus,
	failure: outgoingFailure.nullable(),
	/** Server clock when it was accepted. */
	sentAt: epochMs.nullable(),
	_deleted: z.boolean()
});
export type OutgoingDoc = z.infer<typeof outgoingDoc>;
