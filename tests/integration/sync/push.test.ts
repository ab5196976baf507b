import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, signedInCitizen, type HttpSession } from '../../fixtures/citizens';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import type { FolderDoc } from '../../../src/lib/schemas/folder';
import { PUSH_BODY_MAX_BYTES } from '../../../src/lib/schemas/sync-constants';
import { letter, pull, pullAll, push, pushOk } from './helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

async function citizenWithLetters(count = 1, overrides = {}) {
	const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const res = await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr, overrides));
		ids.push(res.body.letterId as string);
	}
	return { citizen, session, ids };
}

function changed(doc: LetterDoc, change: Partial<LetterDoc>): LetterDoc {
	return { ...doc, ...change };
}

async function latest(session: HttpSession) {
	return (await pull(session, 'letters')).latestSeq;
}

describe('push: letters', () => {
	it('accepts read, folder, trashedAt and changedAt, each accepted change with a new seq', async () => {
		const { session, ids } = await citizenWithLetters();
		const doc = await letter(session, ids[0]!);
		const conflicts = await pushOk(session, 'letters', [
			{
				assumedMasterState: doc,
				newDocumentState: changed(doc, {
					read: true,
					folder: 'archive',
					changedAt: { read: 100, folder: 200 }
				})
			}
		]);
		expect(conflicts).toEqual([]);
		const after = await letter(session, doc.id);
		expect(after).toMatchObject({ read: true, folder: 'archive', changedAt: { read: 100, folder: 200 } });
		expect(after.serverSeq).toBeGreaterThan(doc.serverSeq);
		// Another device pulling from its old checkpoint gets the change.
		const fromOld = await pull(session, 'letters', doc.serverSeq);
		expect(fromOld.documents.map((d) => d.id)).toEqual([doc.id]);
	});

	it('accepts a folder id it has not seen yet (a folder made offline arrives later)', async () => {
		const { session, ids } = await citizenWithLetters();
		const doc = await letter(session, ids[0]!);
		const folderId = randomUUID();
		await pushOk(session, 'letters', [
			{ assumedMasterState: doc, newDocumentState: changed(doc, { folder: folderId }) }
		]);
		expect((await letter(session, doc.id)).folder).toBe(folderId);
	});

	it('returns the server document as a conflict when the assumed state is stale or missing, writing nothing', async () => {
		const { session, ids } = await citizenWithLetters();
		const base = await letter(session, ids[0]!);
		// Device A marks it read.
		await pushOk(session, 'letters', [
			{ assumedMasterState: base, newDocumentState: changed(base, { read: true }) }
		]);
		const master = await letter(session, base.id);
		const seqBefore = await latest(session);
		// Device B, still on the old base, moves it.
		const stale = await pushOk(session, 'letters', [
			{ assumedMasterState: base, newDocumentState: changed(base, { folder: 'archive' }) }
		]);
		expect(stale).toEqual([master]);
		const missing = await pushOk(session, 'letters', [
			{ assumedMasterState: null, newDocumentState: changed(base, { folder: 'archive' }) }
		]);
		expect(missing).toEqual([master]);
		expect(await letter(session, base.id)).toEqual(master);
		expect(await latest(session)).toBe(seqBefore);
		// B merges (read from master, folder from itself) and pushes against the current master.
		await pushOk(session, 'letters', [
			{ assumedMasterState: master, newDocumentState: changed(master, { folder: 'archive' }) }
		]);
		expect(await letter(session, base.id)).toMatchObject({ read: true, folder: 'archive' });
	});

	it('makes a retried push harmless: the repeat is a conflict carrying the already-applied change', async () => {
		const { session, ids } = await citizenWithLetters();
		const doc = await letter(session, ids[0]!);
		const rows = [{ assumedMasterState: doc, newDocumentState: changed(doc, { read: true }) }];
		expect(await pushOk(session, 'letters', rows)).toEqual([]);
		const seq = await latest(session);
		const again = await pushOk(session, 'letters', rows);
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ id: doc.id, read: true });
		expect(await latest(session)).toBe(seq);
	});

	it('refuses (403, naming the field) any change to server-owned content, and writes nothing of that push', async () => {
		const { session, ids } = await citizenWithLetters(2);
		const [a, b] = [await letter(session, ids[0]!), await letter(session, ids[1]!)];
		const seq = await latest(session);
		const cases: [Partial<LetterDoc>, string][] = [
			[{ title: 'Forged title' }, 'title'],
			[{ senderName: 'Someone else' }, 'senderName'],
			[{ receivedAt: 1 }, 'receivedAt'],
			[{ _deleted: true }, '_deleted'],
			[{ documents: [{ ...a.documents[0]!, bodyHtml: '<p>changed</p>' }] }, 'documents']
		];
		for (const [change, field] of cases) {
			const res = await push(session, 'letters', [
				{ assumedMasterState: b, newDocumentState: changed(b, { read: true }) },
				{ assumedMasterState: a, newDocumentState: changed(a, change) }
			]);
			expect(res.status, field).toBe(403);
			expect(await res.json()).toMatchObject({
				error: 'forbidden_change',
				field: `rows.1.newDocumentState.${field}`
			});
		}
		expect(await latest(session)).toBe(seq);
		expect((await letter(session, b.id)).read).toBe(false);
	});

	it('refuses creating a letter (403 on id)', async () => {
		const { session, ids } = await citizenWithLetters();
		const doc = await letter(session, ids[0]!);
		const res = await push(session, 'letters', [
			{ assumedMasterState: null, newDocumentState: { ...doc, id: randomUUID() } }
		]);
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ field: 'rows.0.newDocumentState.id' });
	});

	it('answers 400 naming the field for an invalid body, 415 for a non-JSON body', async () => {
		const { session, ids } = await citizenWithLetters();
		const doc = await letter(session, ids[0]!);
		const res = await push(session, 'letters', [
			{ assumedMasterState: doc, newDocumentState: { ...doc, read: 'yes' as unknown as boolean } }
		]);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'invalid_body', field: 'rows.0.newDocumentState.read' });
		const empty = await session.fetch('/api/sync/v1/letters/push?v=1', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"rows":[]}'
		});
		expect(await empty.json()).toMatchObject({ field: 'rows' });
		const notJson = await session.fetch('/api/sync/v1/letters/push?v=1', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"rows": ['
		});
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toMatchObject({ error: 'invalid_json' });
		const text = await session.fetch('/api/sync/v1/letters/push?v=1', { method: 'POST', body: 'hello' });
		expect(text.status).toBe(415);
	});

	it('answers 413 when a push is larger than the limit', async () => {
		const { session } = await citizenWithLetters(0);
		const res = await session.fetch('/api/sync/v1/letters/push?v=1', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rows: [], padding: 'x'.repeat(PUSH_BODY_MAX_BYTES + 1) })
		});
		expect(res.status).toBe(413);
		expect(await res.json()).toMatchObject({ error: 'too_large' });
	});
});

function folder(name: string, extra: Partial<FolderDoc> = {}): FolderDoc {
	return {
		id: randomUUID(),
		serverSeq: 0,
		name,
		createdAt: Date.now(),
		changedAt: { name: Date.now() },
		_deleted: false,
		...extra
	};
}

describe('push: folders', () => {
	it('creates, renames and deletes a folder; deleting leaves its letters (and their clocks) as they are', async () => {
		const { session, ids } = await citizenWithLetters(2);
		const created = folder('Skat');
		expect(
			await pushOk(session, 'folders', [{ assumedMasterState: null, newDocumentState: created }])
		).toEqual([]);
		let [master] = await pullAll(session, 'folders');
		expect(master).toMatchObject({ id: created.id, name: 'Skat', _deleted: false });
		expect(master!.serverSeq).toBeGreaterThan(0);

		await pushOk(session, 'folders', [
			{
				assumedMasterState: master!,
				newDocumentState: { ...master!, name: 'Skat 2026', changedAt: { name: 5 } }
			}
		]);
		[master] = await pullAll(session, 'folders');
		expect(master).toMatchObject({ name: 'Skat 2026', changedAt: { name: 5 } });

		const [a, b] = [await letter(session, ids[0]!), await letter(session, ids[1]!)];
		await pushOk(session, 'letters', [
			{ assumedMasterState: a, newDocumentState: { ...a, folder: created.id } },
			{ assumedMasterState: b, newDocumentState: { ...b, folder: created.id, read: true } }
		]);
		const before = await latest(session);
		await pushOk(session, 'folders', [
			{ assumedMasterState: master!, newDocumentState: { ...master!, _deleted: true } }
		]);
		// The letters are not rewritten (the mail client lists them in the inbox): no letter changed.
		expect((await pull(session, 'letters', before)).documents).toEqual([]);
		expect(await letter(session, b.id)).toMatchObject({ folder: created.id, read: true });
		const [tombstone] = await pullAll(session, 'folders');
		expect(tombstone!._deleted).toBe(true);

		// A deleted folder stays deleted.
		const undelete = await push(session, 'folders', [
			{ assumedMasterState: tombstone!, newDocumentState: { ...tombstone!, _deleted: false } }
		]);
		expect(undelete.status).toBe(403);
		expect(await undelete.json()).toMatchObject({ field: 'rows.0.newDocumentState._deleted' });
		// A device that moves a letter out of the deleted folder later wins as with any other move.
		const a2 = await letter(session, a.id);
		await pushOk(session, 'letters', [
			{
				assumedMasterState: a2,
				newDocumentState: { ...a2, folder: 'archive', changedAt: { ...a2.changedAt, folder: 9 } }
			}
		]);
		expect((await letter(session, a.id)).folder).toBe('archive');
	});

	it('treats a retried create as a conflict, keeping one folder', async () => {
		const { session } = await citizenWithLetters(0);
		const created = folder('Bank');
		const rows = [{ assumedMasterState: null, newDocumentState: created }];
		await pushOk(session, 'folders', rows);
		const again = await pushOk(session, 'folders', rows);
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ id: created.id, name: 'Bank' });
		expect(await pullAll(session, 'folders')).toHaveLength(1);
	});

	it('refuses ids that are not UUIDs (so never a system folder) and empty names', async () => {
		const { session } = await citizenWithLetters(0);
		const sys = await push(session, 'folders', [
			{ assumedMasterState: null, newDocumentState: folder('x', { id: 'inbox' }) }
		]);
		expect(sys.status).toBe(400); // not a uuid
		const blank = await push(session, 'folders', [
			{ assumedMasterState: null, newDocumentState: folder('   ') }
		]);
		expect(blank.status).toBe(400);
		expect(await blank.json()).toMatchObject({ field: 'rows.0.newDocumentState.name' });
	});
});
