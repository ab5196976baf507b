import { z } from 'zod';
import { epochMs, uuid } from './common';
import { ATTACHMENT_NAME_MAX, ATTACHMENT_TYPES, ATTACHMENTS_MAX_COUNT } from '../mail/attachment-rules';

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

/** A file the citizen attached (photo or PDF); the bytes travel only in the push that creates the message. */
export const outgoingAttachment = z.object({
	id: uuid,
	filename: z.string().min(1).max(ATTACHMENT_NAME_MAX),
	mediaType: z.enum(ATTACHMENT_TYPES),
	// The limit (ATTACHMENT_MAX_BYTES) is checked with the bytes, so a push over it gets 413, not 400.
	size: z.number().int().min(1)
});
export type OutgoingAttachment = z.infer<typeof outgoingAttachment>;

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
	attachments: z.array(outgoingAttachment).max(ATTACHMENTS_MAX_COUNT),
	createdAt: epochMs,
	status: outgoingStatus,
	failure: outgoingFailure.nullable(),
	/** Server clock when it was accepted. */
	sentAt: epochMs.nullable(),
	_deleted: z.boolean()
});
export type OutgoingDoc = z.infer<typeof outgoingDoc>;

/**
 * An outgoing message as a device pushes it: a new message's attachments carry their bytes (base64). The size
 * rule is checked by the push handler (413 naming the file), not here, so the answer says which limit.
 */
export const outgoingPushDoc = outgoingDoc.extend({
	attachments: z
		.array(outgoingAttachment.extend({ content: z.base64().optional() }))
		.max(ATTACHMENTS_MAX_COUNT)
});
export type OutgoingPushDoc = z.infer<typeof outgoingPushDoc>;
