import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forwardDraft } from '../../../../src/lib/mail/forward';
import { memoForwardDataOf } from '../../../../src/lib/server/mail/forward';
import { outgoingDoc } from '../../../../src/lib/schemas/outgoing';
import { letter, outgoing } from '../../sync/fixtures';

describe('forwarding a letter', () => {
	it('queues a message to the chosen authority that names the letter, with the comment as its text', () => {
		const l = letter({ title: 'Ejendomsvurdering' });
		expect(forwardDraft(l, { id: 'skat', name: 'Skattestyrelsen' }, '  Se venligst bilaget. ')).toEqual({
			recipientId: 'skat',
			recipientName: 'Skattestyrelsen',
			inReplyTo: null,
			title: 'Ejendomsvurdering',
			body: 'Se venligst bilaget.',
			forward: { letterId: l.id },
			attachments: []
		});
	});

	it('maps the server copy of the letter to MeMo ForwardData, leaving an empty comment out', () => {
		const forward = {
			letterId: randomUUID(),
			messageUUID: randomUUID(),
			originalSender: 'Aarhus Kommune',
			originalMessageDateTime: '2026-11-02T09:00:00.000Z'
		};
		expect(memoForwardDataOf(forward, ' Til orientering ')).toEqual({
			messageUUID: forward.messageUUID,
			originalSender: 'Aarhus Kommune',
			originalMessageDateTime: '2026-11-02T09:00:00.000Z',
			comment: 'Til orientering'
		});
		expect(memoForwardDataOf(forward, '   ')).not.toHaveProperty('comment');
		// Without the server's messageUUID there is no valid ForwardData.
		expect(() => memoForwardDataOf({ letterId: forward.letterId }, '')).toThrow();
	});

	it('the outgoing schema takes a forward with no comment, but not a plain message without text', () => {
		const forward = { letterId: randomUUID() };
		expect(outgoingDoc.safeParse(outgoing({ body: '', forward })).success).toBe(true);
		const plain = outgoingDoc.safeParse(outgoing({ body: '  ' }));
		expect(plain.success).toBe(false);
		expect(plain.error?.issues[0]?.path).toEqual(['body']);
		const reply = outgoingDoc.safeParse(outgoing({ forward, inReplyTo: randomUUID() }));
		expect(reply.error?.issues[0]?.path).toEqual(['inReplyTo']);
		const long = outgoingDoc.safeParse(outgoing({ forward, body: 'x'.repeat(1001) }));
		expect(long.error?.issues[0]?.path).toEqual(['body']);
		const bad = outgoingDoc.safeParse(outgoing({ forward: { letterId: 'not-a-uuid' } }));
		expect(bad.error?.issues[0]?.path).toEqual(['forward', 'letterId']);
	});
});
