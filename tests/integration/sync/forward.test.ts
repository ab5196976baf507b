import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, senderApiKey, signedInCitizen } from '../../fixtures/citizens';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';
import { outgoingDoc, pullAll, push, pushOk } from './helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

function forwardOf(letterId: string, extra: Partial<OutgoingDoc> = {}): OutgoingDoc {
	return outgoingDoc({
		title: 'Ejendomsvurdering',
		body: 'Til orientering: min kommune har ændret vurderingen.',
		forward: { letterId },
		...extra
	});
}

async function repliesTo(senderId: string) {
	const res = await fetch(new URL('/api/v1/replies?after=0&limit=500', baseUrl), {
		headers: { authorization: `Bearer ${senderApiKey(dataDir, senderId)}` }
	});
	expect(res.status).toBe(200);
	return (
		(await res.json()) as {
			replies: {
				id: string;
				body: string;
				forwardData: unknown;
				forwardedLetter: {
					title: string;
					documents: { files: { id: string; filename: string; url: string }[] }[];
				} | null;
			}[];
		}
	).replies;
}

function asSender(senderId: string, path: string) {
	return fetch(new URL(path, baseUrl), {
		headers: { authorization: `Bearer ${senderApiKey(dataDir, senderId)}` }
	});
}

describe('forwarding a letter to another authority', () => {
	it('sends it with MeMo ForwardData taken from the server copy of the letter, and the authority collects it', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const input = letterInput(citizen.cpr, {
			label: 'Ejendomsvurdering',
			createdDateTime: '2026-11-02T09:00:00+01:00'
		});
		const letterId = (await deliverLetter(baseUrl, dataDir, input, 'koebenhavns-kommune')).body
			.letterId as string;
		// What the device claims about the letter is not what the authority gets.
		const msg = forwardOf(letterId, {
			forward: { letterId, originalSender: 'Someone else', messageUUID: randomUUID() }
		});
		expect(await pushOk(session, 'outgoing', [{ assumedMasterState: null, newDocumentState: msg }])).toEqual(
			[]
		);
		const [stored] = await pullAll(session, 'outgoing');
		expect(stored).toMatchObject({ id: msg.id, status: 'sent', failure: null });
		expect(stored!.forward).toMatchObject({
			letterId,
			messageUUID: input.messageUUID,
			originalSender: expect.stringContaining('København')
		});

		const collected = (await repliesTo('skat')).find((r) => r.id === msg.id);
		expect(collected).toMatchObject({
			body: msg.body,
			forwardData: {
				messageUUID: input.messageUUID,
				originalSender: stored!.forward!.originalSender,
				originalMessageDateTime: stored!.forward!.originalMessageDateTime,
				comment: msg.body
			}
		});
		// Nothing goes to the letter's own sender.
		expect((await repliesTo('koebenhavns-kommune')).some((r) => r.id === msg.id)).toBe(false);

		// The receiving authority gets the letter itself: its title and files, with its own API key only.
		expect(collected!.forwardedLetter).toMatchObject({ title: 'Ejendomsvurdering' });
		const [fileRef] = collected!.forwardedLetter!.documents[0]!.files;
		expect(fileRef).toMatchObject({
			filename: 'brev.txt',
			url: `/api/v1/replies/${msg.id}/files/${fileRef!.id}`
		});
		const file = await asSender('skat', fileRef!.url);
		expect(file.status).toBe(200);
		expect(await file.text()).toBe('Hej.\n\nDette er et testbrev.');
		expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
		expect((await asSender('koebenhavns-kommune', fileRef!.url)).status).toBe(404);
		expect((await fetch(new URL(fileRef!.url, baseUrl))).status).toBe(401);
		// Another letter's file cannot be reached through this forward.
		const otherId = (await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr))).body.letterId as string;
		const otherFile = (await pullAll(session, 'letters')).find((l) => l.id === otherId)!.documents[0]!
			.files[0]!;
		expect((await asSender('skat', `/api/v1/replies/${msg.id}/files/${otherFile.id}`)).status).toBe(404);
	});

	it('sends a forward without a comment, and plain messages still carry no ForwardData', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const letterId = (await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr))).body
			.letterId as string;
		const msg = forwardOf(letterId, { body: '', recipientId: 'koebenhavns-kommune' });
		await pushOk(session, 'outgoing', [{ assumedMasterState: null, newDocumentState: msg }]);
		const collected = (await repliesTo('koebenhavns-kommune')).find((r) => r.id === msg.id);
		expect(collected?.body).toBe('');
		expect(collected?.forwardData).not.toHaveProperty('comment');
		const plain = forwardOf(letterId, { recipientId: 'koebenhavns-kommune', forward: undefined });
		await pushOk(session, 'outgoing', [{ assumedMasterState: null, newDocumentState: plain }]);
		const plainCollected = (await repliesTo('koebenhavns-kommune')).find((r) => r.id === plain.id);
		expect(plainCollected).toMatchObject({ body: plain.body, forwardData: null });
		expect((await pullAll(session, 'outgoing')).find((o) => o.id === plain.id)).not.toHaveProperty('forward');
	});

	it('refuses to forward a letter that is not in this mailbox (another citizen’s, or none): "failed", nothing sent', async () => {
		const other = await signedInCitizen(baseUrl, dataDir);
		const theirs = (await deliverLetter(baseUrl, dataDir, letterInput(other.citizen.cpr))).body
			.letterId as string;
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const rows = [forwardOf(theirs), forwardOf(randomUUID())].map((doc) => ({
			assumedMasterState: null,
			newDocumentState: doc
		}));
		await pushOk(session, 'outgoing', rows);
		const stored = await pullAll(session, 'outgoing');
		for (const row of rows) {
			const found = stored.find((s) => s.id === row.newDocumentState.id);
			expect(found).toMatchObject({ status: 'failed', failure: 'letter_not_found', sentAt: null });
			// The other citizen's letter is not described to this one.
			expect(found!.forward).toEqual({ letterId: row.newDocumentState.forward!.letterId });
		}
		const ids = new Set(rows.map((r) => r.newDocumentState.id));
		expect((await repliesTo('skat')).some((r) => ids.has(r.id))).toBe(false);
	});

	it('answers 400 naming the field for a bad forward, and writes nothing', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const letterId = (await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr))).body
			.letterId as string;
		const cases: [OutgoingDoc, string][] = [
			[
				forwardOf(letterId, { forward: { letterId: 'not-a-letter' } }),
				'rows.0.newDocumentState.forward.letterId'
			],
			[forwardOf(letterId, { inReplyTo: letterId }), 'rows.0.newDocumentState.inReplyTo'],
			[forwardOf(letterId, { body: 'x'.repeat(1001) }), 'rows.0.newDocumentState.body']
		];
		for (const [doc, field] of cases) {
			const res = await push(session, 'outgoing', [{ assumedMasterState: null, newDocumentState: doc }]);
			expect(res.status, field).toBe(400);
			expect(await res.json()).toMatchObject({ error: 'invalid_body', field });
		}
		expect(await pullAll(session, 'outgoing')).toEqual([]);
	});
});
