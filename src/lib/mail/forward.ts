/**
 * Forwarding a letter to a public authority: the outgoing message a device queues. It names the letter; the
 * server adds MeMo ForwardData (original sender, date, messageUUID) from its own copy when it sends it on.
 */
import type { LetterData } from '$lib/db';
import { FORWARD_COMMENT_MAX } from '$lib/schemas/outgoing-limits';
import type { Authority } from './authorities';
import type { Draft } from './actions';

export { FORWARD_COMMENT_MAX };

/** Title limit of an outgoing message (the letter's own title fits: it has the same limit). */
const TITLE_MAX = 200;

export function forwardDraft(
	letter: Pick<LetterData, 'id' | 'title'>,
	to: Authority,
	comment: string
): Draft {
	return {
		recipientId: to.id,
		recipientName: to.name,
		inReplyTo: null,
		title: letter.title.trim().slice(0, TITLE_MAX),
		body: comment.trim(),
		forward: { letterId: letter.id },
		attachments: []
	};
}
