import { describe, expect, inject, it } from 'vitest';
import {
	createCitizen,
	deliverLetter,
	letterInput,
	signInHttp,
	signedInCitizen,
	withDatabase
} from '../../fixtures/citizens';
import type { HttpSession } from '../../fixtures/citizens';
import { giveAccess } from '../../fixtures/access';
import { purgeTrash } from '../../../src/lib/server/mail/retention';
import { purgeTombstones } from '../../../src/lib/server/sync/tombstones';
import { DAY } from '../../../src/lib/server/config';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import type { BulkResponse } from '../../../src/lib/schemas/sync';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';
import { letter, pull, push, pushOk } from './helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

async function bulk(session: HttpSession, query: string): Promise<Response> {
	return session.fetch(`/api/sync/v1/letters/bulk?v=${schemaVersions.letters}${query}`);
}

async function bulkPage(session: HttpSession, query: string): Promise<BulkResponse<LetterDoc>> {
	const res = await bulk(session, query);
	expect(res.status, await res.clone().text()).toBe(200);
	return res.json();
}

async function deliverTo(cpr: string, label: string, sender = 'skat'): Promise<string> {
	const res = await deliverLetter(baseUrl, dataDir, letterInput(cpr, { label }), sender);
	expect(res.status).toBe(201);
	return res.body.letterId as string;
}

/** Trashes a letter, makes it look trashed 31 days ago and lets the trash purge make it a tombstone. */
async function tombstone(session: HttpSession, id: string): Promise<void> {
	const doc = await letter(session, id);
	await pushOk(session, 'letters', [
		{ assumedMasterState: doc, newDocumentState: { ...doc, folder: 'trash', trashedAt: Date.now() } }
	]);
	await withDatabase(dataDir, async (db) => {
		await db.run('UPDATE letters SET trashed_server_at = $1 WHERE id = $2', [Date.now() - 31 * DAY, id]);
		await purgeTrash(db, Date.now(), 30 * DAY);
	});
}

describe('bulk load of an empty device', () => {
	it('pages the live letters newest first, names the checkpoint it began at, and leaves tombstones out', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const ids: string[] = [];
		for (const label of ['Et', 'To', 'Tre', 'Fire', 'Fem']) ids.push(await deliverTo(citizen.cpr, label));
		await tombstone(session, ids[1]!);
		const latest = (await pull(session, 'letters')).latestSeq;

		const first = await bulkPage(session, '&limit=2');
		expect(first.checkpoint).toEqual({ seq: latest });
		expect(first.total).toBe(4);
		expect(first.documents.map((d) => d.title)).toEqual(['Fem', 'Fire']);
		expect(first.next).toBe(first.documents[1]!.serverSeq);

		// A letter delivered and one changed between pages: not in the bulk's later pages (their sequence is
		// above the checkpoint), so the pull from the first page's checkpoint brings both, each once.
		const late = await deliverTo(citizen.cpr, 'Seks');
		const tre = await letter(session, ids[2]!);
		await pushOk(session, 'letters', [
			{
				assumedMasterState: tre,
				newDocumentState: { ...tre, read: true, changedAt: { ...tre.changedAt, read: 1 } }
			}
		]);
		const second = await bulkPage(session, `&limit=2&before=${first.next}`);
		expect(second.documents.map((d) => d.title)).toEqual(['Et']);
		expect(second.next).toBeNull();
		const loaded = [...first.documents, ...second.documents].map((d) => d.id);
		expect(loaded).toEqual([ids[4], ids[3], ids[0]]);

		const after = await pull(session, 'letters', first.checkpoint.seq);
		expect(after.documents.map((d) => d.id).sort()).toEqual([late, ids[2]].sort());
		expect(after.documents.find((d) => d.id === ids[2])!.read).toBe(true);
		// Together: every live letter exactly once, in its newest state.
		expect(new Set([...loaded, ...after.documents.map((d) => d.id)]).size).toBe(5);
	});

	it('refuses what it cannot answer with a clear error', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const tooMany = await bulk(session, '&limit=5000');
		expect(tooMany.status).toBe(400);
		expect(await tooMany.json()).toMatchObject({ error: 'invalid_query', field: 'limit' });
		const folders = await session.fetch(`/api/sync/v1/folders/bulk?v=${schemaVersions.folders}`);
		expect(folders.status).toBe(404);
		const old = await session.fetch('/api/sync/v1/letters/bulk?v=0');
		expect(old.status).toBe(426);
		const anonymous = await fetch(`${baseUrl}/api/sync/v1/letters/bulk?v=${schemaVersions.letters}`);
		expect(anonymous.status).toBe(401);
	});

	it('gives a helper only the letters they may see, and a stranger nothing', async () => {
		const { citizen: owner, session: ownerSession } = await signedInCitizen(baseUrl, dataDir);
		const shown = await deliverTo(owner.cpr, 'Offentligt');
		await deliverTo(owner.cpr, 'Kontoudtog', 'fjordbank');
		const helper = await createCitizen(dataDir, { name: 'Ole Hjælper' });
		await giveAccess(ownerSession, helper, 'read');
		const { session } = await signInHttp(baseUrl, helper);

		const page = await bulkPage(session, `&mailbox=${owner.mailboxId}`);
		expect(page.documents.map((d) => d.id)).toEqual([shown]);
		expect(JSON.stringify(page)).not.toContain('Kontoudtog');

		const stranger = await signedInCitizen(baseUrl, dataDir);
		// Exactly as for a mailbox that does not exist.
		const refused = await bulk(stranger.session, `&mailbox=${owner.mailboxId}`);
		expect(refused.status).toBe(404);
	});
});

describe('tombstone purge and long absence', () => {
	it('purges tombstones after the retention period and answers older checkpoints with 410', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const gone = await deliverTo(citizen.cpr, 'Slettes');
		const kept = await deliverTo(citizen.cpr, 'Bliver');
		const away = (await pull(session, 'letters')).latestSeq; // a device that then goes away
		const goneDoc = await letter(session, gone);
		await tombstone(session, gone);
		const seen = (await pull(session, 'letters')).latestSeq; // a device that saw the tombstone

		// The first round stamps the tombstone; within the retention period nothing is purged.
		await withDatabase(dataDir, (db) => purgeTombstones(db, Date.now(), 90 * DAY));
		expect((await pull(session, 'letters', away)).documents.map((d) => d.id)).toEqual([gone]);
		const stamped = await withDatabase(dataDir, (db) =>
			db.value<number>('SELECT deleted_at FROM letters WHERE id = $1', [gone])
		);
		expect(stamped).toBeGreaterThan(Date.now() - DAY);
		// 91 days later (only this tombstone is aged, so other tests' tombstones stay).
		const purged = await withDatabase(dataDir, async (db) => {
			await db.run('UPDATE letters SET deleted_at = $1 WHERE id = $2', [Date.now() - 91 * DAY, gone]);
			return purgeTombstones(db, Date.now(), 90 * DAY);
		});
		expect(purged.get(citizen.mailboxId)).toBe(seen);

		const res = await session.fetch(
			`/api/sync/v1/letters/pull?checkpoint=${away}&limit=100&v=${schemaVersions.letters}`
		);
		expect(res.status).toBe(410);
		expect(await res.json()).toMatchObject({ error: 'checkpoint_expired', field: 'checkpoint' });
		const folders = await session.fetch(
			`/api/sync/v1/folders/pull?checkpoint=${away}&limit=100&v=${schemaVersions.folders}`
		);
		expect(folders.status).toBe(410);
		// A device that saw the tombstone, and an empty one, go on as usual.
		expect((await pull(session, 'letters', seen)).documents).toEqual([]);
		expect((await pull(session, 'letters', 0)).documents.map((d) => d.id)).toEqual([kept]);
		expect(
			await withDatabase(dataDir, (db) =>
				db.value<number>('SELECT count(*) FROM letters WHERE id = $1', [gone])
			)
		).toBe(0);

		// The device that was away pushes its waiting change first: the purged letter's is moot (nothing to
		// change), the kept letter's is applied.
		const keptDoc = await letter(session, kept);
		const conflicts = await pushOk(session, 'letters', [
			{ assumedMasterState: goneDoc, newDocumentState: { ...goneDoc, read: true } },
			{
				assumedMasterState: keptDoc,
				newDocumentState: { ...keptDoc, read: true, changedAt: { ...keptDoc.changedAt, read: 5 } }
			}
		]);
		expect(conflicts).toEqual([]);
		expect((await letter(session, kept)).read).toBe(true);
		// Another mailbox's letter with so old a base is moot too: nothing is written there, nothing is told.
		const other = await signedInCitizen(baseUrl, dataDir);
		const foreign = await letter(other.session, await deliverTo(other.citizen.cpr, 'Fremmed'));
		const moot = await push(session, 'letters', [
			{ assumedMasterState: foreign, newDocumentState: { ...foreign, read: true } }
		]);
		expect(moot.status).toBe(200);
		expect(await moot.json()).toEqual({ conflicts: [] });
		expect((await letter(other.session, foreign.id)).read).toBe(false);
	});
});
