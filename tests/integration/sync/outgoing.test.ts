import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, senderApiKey, signedInCitizen } from '../../fixtures/citizens';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';
import { letter, outgoingDoc, pull, pullAll, push, pushOk } from './helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

const outgoing = outgoingDoc;

async function replies(senderId: string, after = '0') {
	const res = await fetch(new URL(`/api/v1/replies?after=${after}&limit=500`, baseUrl), {
		headers: { authorization: `Bearer ${senderApiKey(dataDir, senderId)}` }
	});
	expect(res.status).toBe(200);
	return (await res.json()) as {
		replies: {
			id: string;
			title: string;
			body: string;
			cursor: string;
			sender: { senderID: string };
			inReplyTo: unknown;
		}[];
		cursor: string;
		hasMore: boolean;
	};
}

describe('push: outgoing messages', () => {
	it('sends a new message to a public authority (server time, new seq) and the authority can collect it', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const before = Date.now();
		const msg = outgoing();
		expect(await pushOk(session, 'outgoing', [{ assumedMasterState: null, newDocumentState: msg }])).toEqual(
			[]
		);
		const [stored] = await pullAll(session, 'outgoing');
		expect(stored).toMatchObject({
			id: msg.id,
			status: 'sent',
			failure: null,
			recipientName: 'Skattestyrelsen (SKAT)'
		});
		expect(stored!.sentAt).toBeGreaterThanOrEqual(before);
		expect(stored!.serverSeq).toBeGreaterThan(0);

		const collected = await replies('skat');
		const mine = collected.replies.find((r) => r.id === msg.id);
		expect(mine).toMatchObject({
			title: msg.title,
			body: msg.body,
			sender: { senderID: citizen.cpr },
			inReplyTo: null
		});
	});

	it('stores business-rule failures as "failed" with a code, never as HTTP errors', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const noReply = (await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr, { reply: false }))).body
			.letterId as string;
		const late = (
			await deliverLetter(
				baseUrl,
				dataDir,
				letterInput(citizen.cpr, {
					reply: true,
					replyByDateTime: new Date(Date.now() - 86_400_000).toISOString()
				})
			)
		).body.letterId as string;
		const cases: [Partial<OutgoingDoc>, string][] = [
			[{ recipientId: 'no-such-authority' }, 'unknown_recipient'],
			[{ recipientId: 'fjordbank' }, 'recipient_not_public'],
			[{ inReplyTo: noReply }, 'reply_not_allowed'],
			[{ inReplyTo: late }, 'reply_deadline_passed'],
			[{ inReplyTo: randomUUID() }, 'letter_not_found']
		];
		const rows = cases.map(([extra]) => ({ assumedMasterState: null, newDocumentState: outgoing(extra) }));
		expect(await pushOk(session, 'outgoing', rows)).toEqual([]);
		const stored = await pullAll(session, 'outgoing');
		for (const [i, [, failure]] of cases.entries()) {
			expect(stored.find((s) => s.id === rows[i]!.newDocumentState.id)).toMatchObject({
				status: 'failed',
				failure,
				sentAt: null
			});
		}
	});

	it('sends a reply to a letter that allows one, into its thread, and the answer joins that thread', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const input = letterInput(citizen.cpr, {
			reply: true,
			replyByDateTime: new Date(Date.now() + 7 * 86_400_000).toISOString(),
			caseID: 'SAG-2026-123'
		});
		const letterId = (await deliverLetter(baseUrl, dataDir, input, 'koebenhavns-kommune')).body
			.letterId as string;
		const reply = outgoing({ recipientId: 'ignored-for-replies', inReplyTo: letterId, title: 'Svar' });
		await pushOk(session, 'outgoing', [{ assumedMasterState: null, newDocumentState: reply }]);
		const [stored] = await pullAll(session, 'outgoing');
		expect(stored).toMatchObject({ status: 'sent', recipientId: 'koebenhavns-kommune', inReplyTo: letterId });

		const collected = await replies('koebenhavns-kommune');
		expect(collected.replies.find((r) => r.id === reply.id)).toMatchObject({
			inReplyTo: { messageUUID: input.messageUUID, caseID: 'SAG-2026-123' }
		});
		// Nothing of it reaches another authority.
		expect((await replies('skat')).replies.find((r) => r.id === reply.id)).toBeUndefined();

		const answer = await deliverLetter(
			baseUrl,
			dataDir,
			letterInput(citizen.cpr, { label: 'Svar på din besked', replyTo: reply.id }),
			'koebenhavns-kommune'
		);
		expect(answer.status).toBe(201);
		const answered = await letter(session, answer.body.letterId as string);
		const original = await letter(session, letterId);
		expect(answered.threadId).toBe(original.threadId);
		expect(answered.inReplyTo).toBe(reply.id);

		// replyTo must name a message this citizen sent to this sender.
		const wrong = await deliverLetter(
			baseUrl,
			dataDir,
			letterInput(citizen.cpr, { replyTo: reply.id }),
			'skat'
		);
		expect(wrong.status).toBe(400);
		expect(wrong.body).toMatchObject({ field: 'replyTo' });
	});

	it('makes a retried push harmless: the message is sent once', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const msg = outgoing({ title: `Retry ${randomUUID()}` });
		const rows = [{ assumedMasterState: null, newDocumentState: msg }];
		await pushOk(session, 'outgoing', rows);
		const seq = (await pull(session, 'outgoing')).latestSeq;
		const again = await pushOk(session, 'outgoing', rows);
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ id: msg.id, status: 'sent' });
		expect((await pull(session, 'outgoing')).latestSeq).toBe(seq);
		const collected = await replies('skat');
		expect(collected.replies.filter((r) => r.title === msg.title)).toHaveLength(1);
	});

	it('refuses changing a sent message, but lets a failed one be dismissed', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const sent = outgoing();
		const failed = outgoing({ recipientId: 'fjordbank' });
		await pushOk(session, 'outgoing', [
			{ assumedMasterState: null, newDocumentState: sent },
			{ assumedMasterState: null, newDocumentState: failed }
		]);
		const docs = await pullAll(session, 'outgoing');
		const s = docs.find((d) => d.id === sent.id)!;
		const f = docs.find((d) => d.id === failed.id)!;
		const edit = await push(session, 'outgoing', [
			{ assumedMasterState: s, newDocumentState: { ...s, body: 'changed' } }
		]);
		expect(edit.status).toBe(403);
		expect(await edit.json()).toMatchObject({ field: 'rows.0.newDocumentState.body' });
		const del = await push(session, 'outgoing', [
			{ assumedMasterState: s, newDocumentState: { ...s, _deleted: true } }
		]);
		expect(del.status).toBe(403);
		await pushOk(session, 'outgoing', [
			{ assumedMasterState: f, newDocumentState: { ...f, _deleted: true } }
		]);
		expect((await pullAll(session, 'outgoing')).find((d) => d.id === failed.id)!._deleted).toBe(true);
	});

	it('pages replies with a cursor', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const start = (await replies('region-hovedstaden')).cursor;
		const msgs = [1, 2, 3].map((n) => outgoing({ recipientId: 'region-hovedstaden', title: `Besked ${n}` }));
		await pushOk(
			session,
			'outgoing',
			msgs.map((m) => ({ assumedMasterState: null, newDocumentState: m }))
		);
		const res = await fetch(new URL(`/api/v1/replies?after=${start}&limit=2`, baseUrl), {
			headers: { authorization: `Bearer ${senderApiKey(dataDir, 'region-hovedstaden')}` }
		});
		const page1 = (await res.json()) as Awaited<ReturnType<typeof replies>>;
		expect(page1.replies.map((r) => r.title)).toEqual(['Besked 1', 'Besked 2']);
		expect(page1.hasMore).toBe(true);
		const page2 = await replies('region-hovedstaden', page1.cursor);
		expect(page2.replies.map((r) => r.title)).toEqual(['Besked 3']);
		expect(page2.hasMore).toBe(false);
		const bad = await fetch(new URL('/api/v1/replies?after=abc', baseUrl), {
			headers: { authorization: `Bearer ${senderApiKey(dataDir, 'region-hovedstaden')}` }
		});
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ field: 'after' });
		expect((await fetch(new URL('/api/v1/replies', baseUrl))).status).toBe(401);
	});
});
