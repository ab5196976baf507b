import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, signedInCitizen, withDatabase } from '../../fixtures/citizens';
import { purgeTrash } from '../../../src/lib/server/mail/retention';
import { DAY } from '../../../src/lib/server/config';
import { letter, pull, pushOk } from '../sync/helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

describe('trash purge', () => {
	it('turns letters trashed 30 days ago into tombstones without content or files', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const ids: string[] = [];
		for (const label of ['Gammel', 'Ny', 'Beholdt']) {
			ids.push(
				(await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr, { label }))).body.letterId as string
			);
		}
		const [old, recent, kept] = await Promise.all(ids.map((id) => letter(session, id)));
		const fileId = old!.documents[0]!.files[0]!.id;
		await pushOk(session, 'letters', [
			{ assumedMasterState: old!, newDocumentState: { ...old!, folder: 'trash', trashedAt: Date.now() } },
			{
				assumedMasterState: recent!,
				newDocumentState: { ...recent!, folder: 'trash', trashedAt: Date.now() }
			}
		]);
		// Make the first one look trashed 31 days ago on the server's clock.
		await withDatabase(dataDir, (db) =>
			db.run('UPDATE letters SET trashed_server_at = $1 WHERE id = $2', [Date.now() - 31 * DAY, old!.id])
		);
		const checkpoint = (await pull(session, 'letters')).latestSeq;

		// The clock is injected: run the purge as of now against the server's own database file.
		const purged = await withDatabase(dataDir, (db) => purgeTrash(db, Date.now(), 30 * DAY));
		expect(purged.get(citizen.mailboxId)).toBe(1);

		const changed = (await pull(session, 'letters', checkpoint)).documents;
		expect(changed.map((d) => d.id)).toEqual([old!.id]);
		const tombstone = changed[0]!;
		expect(tombstone._deleted).toBe(true);
		expect(tombstone.documents).toEqual([
			{ id: 'purged', kind: 'main', title: '', bodyHtml: null, files: [], actions: [] }
		]);
		expect(tombstone.title).not.toBe('Gammel');
		expect((await session.fetch(`/api/v1/files/${fileId}`)).status).toBe(404);
		const remaining = await withDatabase(dataDir, (db) =>
			db.value('SELECT count(*) FROM files WHERE letter_id = $1', [old!.id])
		);
		expect(remaining).toBe(0);
		expect(await letter(session, recent!.id)).toMatchObject({ folder: 'trash', _deleted: false });
		expect(await letter(session, kept!.id)).toMatchObject({ folder: 'inbox', _deleted: false });

		// 30 days after the second letter went to the trash, it goes too; restoring first would have kept it.
		const later = await withDatabase(dataDir, (db) => purgeTrash(db, Date.now() + 30 * DAY + 1, 30 * DAY));
		expect(later.get(citizen.mailboxId)).toBe(1);
		expect((await letter(session, recent!.id))._deleted).toBe(true);
		expect((await letter(session, kept!.id))._deleted).toBe(false);
	});

	it('counts from when the letter was moved to trash, not from a device clock, and restoring stops it', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const id = (await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr))).body.letterId as string;
		const doc = await letter(session, id);
		// A device with a clock far in the past.
		await pushOk(session, 'letters', [
			{ assumedMasterState: doc, newDocumentState: { ...doc, folder: 'trash', trashedAt: 1000 } }
		]);
		expect(
			(await withDatabase(dataDir, (db) => purgeTrash(db, Date.now(), 30 * DAY))).get(citizen.mailboxId)
		).toBeUndefined();
		const trashed = await letter(session, id);
		await pushOk(session, 'letters', [
			{ assumedMasterState: trashed, newDocumentState: { ...trashed, folder: 'inbox', trashedAt: null } }
		]);
		expect(
			(await withDatabase(dataDir, (db) => purgeTrash(db, Date.now() + 40 * DAY, 30 * DAY))).get(
				citizen.mailboxId
			)
		).toBeUndefined();
		expect((await letter(session, id))._deleted).toBe(false);
	});
});
