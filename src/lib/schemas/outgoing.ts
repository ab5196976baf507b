import { z } from 'zod';
import { epochMs, isoDateTime, uuid } from './common';
import { FORWARD_COMMENT_MAX } from './outgoing-limits';
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

export { FORWARD_COMMENT_MAX };

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
 * A letter from the mailbox sent on to a public authority (MeMo ForwardData). The device names the letter; the
 * server fills the rest from its own copy of the letter when it accepts the message, so an authority never
 * gets what a device claims a letter said.
 */
export const outgoingForward = z.object({
	/** The citizen's letter (its id in the mailbox). */
	letterId: uuid,
	/** Filled by the server: the letter's MeMo messageUUID, its sender and when it was made. */
	messageUUID: uuid.optional(),
	originalSender: z.string().max(200).optional(),
	originalMessageDateTime: isoDateTime.optional()
});
export type OutgoingForward = z.infer<typeof outgoingForward>;

const outgoingFields = z.object({
	id: uuid,
	serverSeq: z.number().int().min(0),
	/** Sender id of the authority it goes to. */
	recipientId: z.string().min(1).max(64),
	recipientName: z.string().max(200),
	/** The letter this answers, or null for a new message. */
	inReplyTo: uuid.nullable(),
	title: z.string().trim().min(1).max(200),
	body: z.string().trim().max(10_000),
	/** Set when this sends a letter from the mailbox on (absent on messages from older apps). */
	forward: outgoingForward.optional(),
	attachments: z.array(outgoingAttachment).max(ATTACHMENTS_MAX_COUNT),
	/**
	 * Set by the server (never taken from a device) when a read-and-write helper wrote it on the owner's
	 * behalf: the helper's citizen id and name. Absent when the owner wrote it.
	 */
	writtenBy: z.object({ id: z.string().min(1).max(64), name: z.string().max(200) }).optional(),
	createdAt: epochMs,
	status: outgoingStatus,
	failure: outgoingFailure.nullable(),
	/** Server clock when it was accepted. */
	sentAt: epochMs.nullable(),
	_deleted: z.boolean()
});

/** A forward is not a reply and its comment is short; any other message needs a text. */
function checkBody(doc: z.infer<typeof outgoingFields>, ctx: z.RefinementCtx): void {
	if (doc.forward) {
		if (doc.inReplyTo !== null)
			ctx.addIssue({ code: 'custom', path: ['inReplyTo'], message: 'a forwarded letter is not a reply' });
		if (doc.body.length > FORWARD_COMMENT_MAX)
			ctx.addIssue({
				code: 'custom',
				path: ['body'],
				message: `a comment on a forwarded letter is at most ${FORWARD_COMMENT_MAX} characters`
			});
	} else if (doc.body.length === 0) {
		ctx.addIssue({ code: 'custom', path: ['body'], message: 'a message needs a text' });
	}
}

/**
 * A message the citizen writes: a reply to a letter, a new message to an authority, or a letter forwarded to
 * an authority (collection "outgoing"). A device creates it as "waiting"; the server sets "sent" or "failed".
 * A forward's `body` is the citizen's comment and may be empty.
 */
export const outgoingDoc = outgoingFields.superRefine(checkBody);
export type OutgoingDoc = z.infer<typeof outgoingDoc>;

/**
 * An outgoing message as a device pushes it: a new message's attachments carry their bytes (base64). The size
 * rule is checked by the push handler (413 naming the file), not here, so the answer says which limit.
 */
export const outgoingPushDoc = outgoingFields
	.extend({
		attachments: z
			.array(outgoingAttachment.extend({ content: z.base64().optional() }))
			.max(ATTACHMENTS_MAX_COUNT)
	})
	.superRefine(checkBody);
export type OutgoingPushDoc = z.infer<typeof outgoingPushDoc>;
