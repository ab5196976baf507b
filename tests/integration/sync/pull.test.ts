import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, signedInCitizen } from '../../fixtures/citizens';
import { pull } from './helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

describe('pull', () => {
	it('returns delivered letters after the checkpoint, oldest first, with latestSeq', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const empty = await pull(session, 'letters');
		expect(empty).toEqual({ documents: [], checkpoint: { seq: 0 }, latestSeq: 0 });

		for (const label of ['Første', 'Anden', 'Tredje']) {
			expect((await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr, { label }))).status).toBe(201);
		}
		const all = await pull(session, 'letters');
		expect(all.documents.map((d) => d.title)).toEqual(['Første', 'Anden', 'Tredje']);
		expect(all.documents.map((d) => d.serverSeq)).toEqual([1, 2, 3]);
		expect(all.latestSeq).toBe(3);
		expect(all.checkpoint).toEqual({ seq: 3 });
		const doc = all.documents[0]!;
		expect(doc).toMatchObject({
			senderId: 'skat',
			senderKind: 'public',
			read: false,
			folder: 'inbox',
			trashedAt: null,
			_deleted: false,
			replyAllowed: false
		});
		expect(doc.threadId).toBe(doc.id);
		expect(doc.documents[0]!.bodyHtml).toBe('<p>Hej.</p>\n<p>Dette er et testbrev.</p>');
		expect(doc.documents[0]!.files[0]).toMatchObject({ filename: 'brev.txt', contentType: 'text/plain' });

		const page1 = await pull(session, 'letters', 0, 2);
		expect(page1.documents.map((d) => d.title)).toEqual(['Første', 'Anden']);
		expect(page1.checkpoint).toEqual({ seq: 2 });
		const page2 = await pull(session, 'letters', page1.checkpoint.seq, 2);
		expect(page2.documents.map((d) => d.title)).toEqual(['Tredje']);
		expect(page2.checkpoint).toEqual({ seq: 3 });
		const page3 = await pull(session, 'letters', page2.checkpoint.seq, 2);
		expect(page3.documents).toEqual([]);
		expect(page3.checkpoint).toEqual({ seq: 3 });
	});

	it('moves the checkpoint past other collections’ sequence numbers', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr));
		const folders = await pull(session, 'folders');
		expect(folders).toEqual({ documents: [], checkpoint: { seq: 1 }, latestSeq: 1 });
	});

	it('starts over when the checkpoint is from the future (a replaced database)', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr));
		const res = await pull(session, 'letters', 9999);
		expect(res.documents).toHaveLength(1);
		expect(res.checkpoint).toEqual({ seq: 1 });
	});

	it('answers 400 naming the query field, 404 for an unknown collection, 426 for an unknown version', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const noVersion = await session.fetch('/api/sync/v1/letters/pull?checkpoint=0');
		expect(noVersion.status).toBe(400);
		expect(await noVersion.json()).toMatchObject({ error: 'invalid_query', field: 'v' });
		const badLimit = await session.fetch('/api/sync/v1/letters/pull?checkpoint=0&limit=5000&v=1');
		expect(badLimit.status).toBe(400);
		expect(await badLimit.json()).toMatchObject({ field: 'limit' });
		const badCheckpoint = await session.fetch('/api/sync/v1/letters/pull?checkpoint=-1&v=1');
		expect(await badCheckpoint.json()).toMatchObject({ field: 'checkpoint' });
		const unknown = await session.fetch('/api/sync/v1/messages/pull?v=0');
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toMatchObject({ error: 'not_found' });
		for (const op of ['pull', 'stream']) {
			const old = await session.fetch(`/api/sync/v1/letters/${op}?v=0`);
			expect(old.status).toBe(426);
			expect(await old.json()).toMatchObject({ error: 'upgrade_required' });
		}
		const push = await session.fetch('/api/sync/v1/folders/push?v=7', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"rows":[]}'
		});
		expect(push.status).toBe(426);
	});

	it('answers 401 without a session on all three endpoints', async () => {
		for (const [op, method] of [
			['pull', 'GET'],
			['push', 'POST'],
			['stream', 'GET']
		]) {
			const res = await fetch(new URL(`/api/sync/v1/letters/${op}?v=1`, baseUrl), { method });
			expect(res.status, op).toBe(401);
			expect(await res.json()).toMatchObject({ error: 'unauthorized' });
		}
		const forged = await fetch(new URL('/api/sync/v1/letters/pull?v=1', baseUrl), {
			headers: { cookie: 'postkasse_session=not-a-real-token' }
		});
		expect(forged.status).toBe(401);
	});
});
