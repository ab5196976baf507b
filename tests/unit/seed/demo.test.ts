import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { SqliteDatabase } from '../../../src/lib/server/db/sqlite-engine';
import { seedDemo, type DemoFile } from '../../../src/lib/server/seed/demo';
import { isEmpty } from '../../../src/lib/server/seed/index';
import { lettersHandler } from '../../../src/lib/server/sync/letters';
import { outgoingHandler } from '../../../src/lib/server/sync/outgoing';
import { foldersHandler } from '../../../src/lib/server/sync/folders';
import { letterDoc, type LetterDoc } from '../../../src/lib/schemas/letter';
import { DAY } from '../../../src/lib/server/config';

let db: SqliteDatabase;
let dir: string;
let demo: DemoFile;
let letters: LetterDoc[];
let mailboxId: string;
const now = Date.now();

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'postkasse-seed-'));
	db = new SqliteDatabase(join(dir, 'postkasse.db'));
	expect(await isEmpty(db)).toBe(true);
	demo = (await seedDemo(db, join(dir, 'demo.json'), now))!;
	mailboxId = (await db.value<string>('SELECT id FROM mailboxes'))!;
	letters = (await lettersHandler.pull(db, mailboxId, 0, 1000)).documents;
}, 120_000);

afterAll(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('demo data', () => {
	it('writes demo.json in the agreed shape, readable only by its owner', async () => {
		const file = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoFile;
		expect(file).toEqual(demo);
		expect(Object.keys(file).sort()).toEqual(['citizen', 'senders']);
		expect(file.citizen).toMatchObject({
			userId: 'demo',
			codeCard: { cardId: expect.stringMatching(/^G\d{9}$/) }
		});
		expect(Object.keys(file.citizen.codeCard.codes)).toHaveLength(148);
		expect(file.senders.map((s) => [s.id, s.kind])).toEqual([
			['skat', 'public'],
			['koebenhavns-kommune', 'public'],
			['region-hovedstaden', 'public'],
			['udbetaling-danmark', 'public'],
			['fjordbank', 'private'],
			['havtryg-forsikring', 'private'],
			['lynfiber', 'private']
		]);
		expect(statSync(join(dir, 'demo.json')).mode & 0o077).toBe(0);
		expect(await isEmpty(db)).toBe(false);
	});

	it('opts the demo citizen in to the bank and the insurer, not the internet provider', async () => {
		expect(
			(
				await db.all<{ sender_id: string }>('SELECT sender_id FROM private_sender_optins ORDER BY sender_id')
			).map((r) => r.sender_id)
		).toEqual(['fjordbank', 'havtryg-forsikring']);
	});

	it('has about 25 valid letters in Danish and English from every demo sender', async () => {
		expect(letters.length).toBeGreaterThanOrEqual(24);
		for (const letter of letters) expect(letterDoc.safeParse(letter).success, letter.title).toBe(true);
		const langs = new Set(letters.flatMap((l) => l.documents.flatMap((d) => d.files.map((f) => f.language))));
		expect(langs).toEqual(new Set(['da', 'en', null]));
		expect(new Set(letters.map((l) => l.senderId))).toEqual(
			new Set([
				'skat',
				'koebenhavns-kommune',
				'region-hovedstaden',
				'udbetaling-danmark',
				'fjordbank',
				'havtryg-forsikring'
			])
		);
		expect(letters.some((l) => !l.read)).toBe(true);
		expect(letters.some((l) => l.folder === 'archive')).toBe(true);
		expect(letters.filter((l) => l.folder === 'trash')).toHaveLength(1);
		const [folder] = (await foldersHandler.pull(db, mailboxId, 0, 10)).documents;
		expect(folder!.name).toBe('Skat og økonomi');
		expect(letters.filter((l) => l.folder === folder!.id).length).toBeGreaterThanOrEqual(2);
	});

	it('has deadlines both soon and passed, legal notifications and every kind of action', () => {
		const deadlines = letters
			.flatMap((l) => [
				l.replyBy ? Date.parse(l.replyBy) : null,
				...l.documents.flatMap((d) =>
					d.actions.map((a) => (a.endDateTime ? Date.parse(a.endDateTime) : null))
				)
			])
			.filter((d): d is number => d !== null);
		expect(deadlines.some((d) => d > now && d < now + 7 * DAY)).toBe(true);
		expect(deadlines.some((d) => d < now)).toBe(true);
		expect(letters.filter((l) => l.legalNotification).length).toBeGreaterThanOrEqual(2);
		const codes = new Set(
			letters.flatMap((l) => l.documents.flatMap((d) => d.actions.map((a) => a.actionCode)))
		);
		for (const code of [
			'AFTALE',
			'BETALING',
			'SELVBETJENING',
			'INFORMATION',
			'UNDERSKRIV',
			'BEKRAEFT',
			'FORBEREDELSE'
		]) {
			expect(codes.has(code as never), code).toBe(true);
		}
		const appointments = letters.flatMap((l) =>
			l.documents.flatMap((d) => d.actions.filter((a) => a.reservation))
		);
		expect(appointments.some((a) => Date.parse(a.reservation!.start) > now)).toBe(true);
	});

	it('attaches real PDFs and PNG images', async () => {
		const files = await db.all<{ content_type: string; content: Buffer }>(
			'SELECT content_type, content FROM files'
		);
		const pdfs = files.filter((f) => f.content_type === 'application/pdf');
		const pngs = files.filter((f) => f.content_type === 'image/png');
		expect(pdfs.length).toBeGreaterThanOrEqual(6);
		expect(pngs.length).toBeGreaterThanOrEqual(2);
		for (const pdf of pdfs)
			expect((await PDFDocument.load(pdf.content)).getPageCount()).toBeGreaterThanOrEqual(1);
		for (const png of pngs) expect(png.content.subarray(1, 4).toString('ascii')).toBe('PNG');
	});

	it('has two reply threads: the citizen’s message and the authority’s answer share a thread', async () => {
		const sent = (await outgoingHandler.pull(db, mailboxId, 0, 10)).documents;
		expect(sent).toHaveLength(2);
		for (const message of sent) {
			expect(message.status).toBe('sent');
			const answer = letters.find((l) => l.inReplyTo === message.id)!;
			expect(answer, message.title).toBeDefined();
			if (message.inReplyTo) {
				expect(answer.threadId).toBe(letters.find((l) => l.id === message.inReplyTo)!.threadId);
			} else {
				expect(answer.threadId).toBe(message.id);
			}
		}
	});

	it('numbers the mailbox’s writes in arrival order', () => {
		const seqs = letters.map((l) => l.serverSeq);
		expect(new Set(seqs).size).toBe(seqs.length);
		const untouched = letters.filter((l) => l.folder === 'inbox' && !l.read);
		const byArrival = [...untouched].sort((a, b) => a.receivedAt - b.receivedAt).map((l) => l.id);
		expect([...untouched].sort((a, b) => a.serverSeq - b.serverSeq).map((l) => l.id)).toEqual(byArrival);
	});
});
