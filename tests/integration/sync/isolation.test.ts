import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, signedInCitizen } from '../../fixtures/citizens';
import { letter, pull, pullAll, push, pushOk } from './helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

describe('one citizen can never reach another’s mailbox', () => {
	it('pulls only its own letters, folders and outgoing messages', async () => {
		const a = await signedInCitizen(baseUrl, dataDir);
		const b = await signedInCitizen(baseUrl, dataDir);
		await deliverLetter(baseUrl, dataDir, letterInput(a.citizen.cpr, { label: 'Til A' }));
		const folderId = randomUUID();
		await pushOk(a.session, 'folders', [
			{
				assumedMasterState: null,
				newDocumentState: {
					id: folderId,
					serverSeq: 0,
					name: 'A',
					createdAt: 1,
					changedAt: { name: 1 },
					_deleted: false
				}
			}
		]);
		for (const collection of ['letters', 'folders', 'outgoing'] as const) {
			expect((await pull(b.session, collection)).documents).toEqual([]);
		}
		expect((await pull(b.session, 'letters')).latestSeq).toBe(0);
		// Same folder id in B's mailbox is B's own, independent folder.
		await pushOk(b.session, 'folders', [
			{
				assumedMasterState: null,
				newDocumentState: {
					id: folderId,
					serverSeq: 0,
					name: 'B',
					createdAt: 2,
					changedAt: { name: 2 },
					_deleted: false
				}
			}
		]);
		expect((await pullAll(a.session, 'folders'))[0]!.name).toBe('A');
		expect((await pullAll(b.session, 'folders'))[0]!.name).toBe('B');
	});

	it('cannot change another citizen’s letter, even with its exact document', async () => {
		const a = await signedInCitizen(baseUrl, dataDir);
		const b = await signedInCitizen(baseUrl, dataDir);
		const id = (await deliverLetter(baseUrl, dataDir, letterInput(a.citizen.cpr))).body.letterId as string;
		const doc = await letter(a.session, id);
		const res = await push(b.session, 'letters', [
			{ assumedMasterState: doc, newDocumentState: { ...doc, read: true } }
		]);
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ field: 'rows.0.newDocumentState.id' });
		expect((await letter(a.session, id)).read).toBe(false);
	});

	it('cannot reply to another citizen’s letter', async () => {
		const a = await signedInCitizen(baseUrl, dataDir);
		const b = await signedInCitizen(baseUrl, dataDir);
		const id = (await deliverLetter(baseUrl, dataDir, letterInput(a.citizen.cpr, { reply: true }))).body
			.letterId as string;
		await pushOk(b.session, 'outgoing', [
			{
				assumedMasterState: null,
				newDocumentState: {
					id: randomUUID(),
					serverSeq: 0,
					recipientId: 'skat',
					recipientName: 'SKAT',
					inReplyTo: id,
					title: 'Svar',
					body: 'Tekst',
					attachments: [],
					createdAt: Date.now(),
					status: 'waiting',
					failure: null,
					sentAt: null,
					_deleted: false
				}
			}
		]);
		expect((await pullAll(b.session, 'outgoing'))[0]).toMatchObject({
			status: 'failed',
			failure: 'letter_not_found'
		});
	});

	it('gets 404 for another citizen’s file, exactly as for a file that does not exist', async () => {
		const a = await signedInCitizen(baseUrl, dataDir);
		const b = await signedInCitizen(baseUrl, dataDir);
		const id = (await deliverLetter(baseUrl, dataDir, letterInput(a.citizen.cpr))).body.letterId as string;
		const fileId = (await letter(a.session, id)).documents[0]!.files[0]!.id;
		expect((await a.session.fetch(`/api/v1/files/${fileId}`)).status).toBe(200);
		const theirs = await b.session.fetch(`/api/v1/files/${fileId}`);
		const none = await b.session.fetch(`/api/v1/files/${randomUUID()}`);
		expect(theirs.status).toBe(404);
		expect(none.status).toBe(404);
		expect(await theirs.json()).toEqual(await none.json());
		expect((await fetch(new URL(`/api/v1/files/${fileId}`, baseUrl))).status).toBe(401);
	});
});
