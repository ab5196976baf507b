import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteDatabase } from '../../../src/lib/server/db/sqlite-engine';
import { createCitizen } from '../../../src/lib/server/auth/citizens';
import { createSender, type Sender } from '../../../src/lib/server/senders/registry';
import { deliverMessage, prepareDocuments } from '../../../src/lib/server/mail/deliver';
import {
	heldUntil,
	nextRelease,
	releaseDueLetters,
	startOfDanishDay
} from '../../../src/lib/server/mail/held';
import { readFile } from '../../../src/lib/server/mail/file-store';
import { afterDelivery, watchHeldLetters } from '../../../src/lib/server/mail/release';
import { subscribeMailbox } from '../../../src/lib/server/sync/hub';
import { letterRecord } from '../../../src/lib/server/mail/letters';
import { lettersHandler } from '../../../src/lib/server/sync/letters';
import { deliverMessageInput } from '../../../src/lib/schemas/letter';
import { letterInput } from '../../fixtures/citizens';
import { pdfBase64 } from '../../fixtures/memo';

vi.setConfig({ testTimeout: 120_000 });

describe('the start of a Danish day', () => {
	it('is 23:00 UTC the day before in winter and 22:00 in summer', () => {
		expect(startOfDanishDay('2026-01-15')).toBe(Date.UTC(2026, 0, 14, 23));
		expect(startOfDanishDay('2026-07-15')).toBe(Date.UTC(2026, 6, 14, 22));
	});

	it('follows the clock on the days it changes', () => {
		// Summer time starts 29 March 2026 at 02:00 and ends 25 October 2026 at 03:00.
		expect(startOfDanishDay('2026-03-29')).toBe(Date.UTC(2026, 2, 28, 23));
		expect(startOfDanishDay('2026-03-30')).toBe(Date.UTC(2026, 2, 29, 22));
		expect(startOfDanishDay('2026-10-25')).toBe(Date.UTC(2026, 9, 24, 22));
		expect(startOfDanishDay('2026-10-26')).toBe(Date.UTC(2026, 9, 25, 23));
	});

	it('holds a letter only until its day has begun in Denmark', () => {
		const lateEvening = Date.UTC(2026, 0, 14, 22, 30); // 23:30 on 14 January in Copenhagen
		expect(heldUntil('2026-01-15', lateEvening)).toBe(Date.UTC(2026, 0, 14, 23));
		expect(heldUntil('2026-01-15', Date.UTC(2026, 0, 14, 23))).toBeNull();
		expect(heldUntil('2026-01-01', lateEvening)).toBeNull();
		expect(heldUntil(undefined, lateEvening)).toBeNull();
	});
});

describe('a held letter', () => {
	let db: SqliteDatabase;
	let sender: Sender;
	let mailboxId: string;
	const cpr = '3102900002';
	const now = Date.UTC(2026, 10, 20, 9, 0);
	const day = '2026-11-24';
	const visibleFrom = Date.UTC(2026, 10, 23, 23);

	beforeEach(async () => {
		db = new SqliteDatabase(':memory:');
		sender = {
			id: 'udk',
			name: 'Udbetaling Danmark',
			kind: 'public',
			idType: 'MyndighedsID',
			acceptsMessages: false
		};
		await db.tx((t) => createSender(t, sender, now));
		({ mailboxId } = await createCitizen(
			db,
			{ userId: 'held', password: 'pw-long-enough', name: 'H', cpr },
			now
		));
	});
	afterEach(() => db.close());

	async function deliverHeld() {
		const input = deliverMessageInput.parse({
			...letterInput(cpr, { doNotDeliverUntilDate: day }),
			mainDocument: {
				label: 'Pension',
				files: [{ encodingFormat: 'application/pdf', filename: 'p.pdf', content: await pdfBase64() }]
			}
		});
		const prepared = await prepareDocuments(input);
		if (!prepared.ok) throw new Error(prepared.message);
		const documents = prepared.documents;
		const answer = await db.tx((t) => deliverMessage(t, sender, input, documents, now));
		return { input, answer, prepared };
	}

	const pull = (checkpoint = 0) => lettersHandler.pull(db, mailboxId, checkpoint, 100);

	it('is accepted now but not in the mailbox: no pull, no file, no push target', async () => {
		const { answer, prepared } = await deliverHeld();
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({
			status: 'scheduled',
			visibleFrom: new Date(visibleFrom).toISOString(),
			receivedAt: new Date(now).toISOString()
		});
		expect(answer.deliveredTo).toBeUndefined();
		expect((await pull()).documents).toEqual([]);
		const letterId = String(answer.body.letterId);
		expect(await letterRecord(db, mailboxId, letterId)).toBeNull();
		expect(await readFile(db, mailboxId, prepared.documents[0]!.files[0]!.id)).toBeNull();
		expect(await nextRelease(db)).toBe(visibleFrom);
	});

	it('is released on its day with a new sequence number, so every device pulls it', async () => {
		const { answer, prepared } = await deliverHeld();
		const before = await pull();
		expect(await releaseDueLetters(db, visibleFrom - 1)).toEqual([]);
		expect(await releaseDueLetters(db, visibleFrom)).toEqual([{ letterId: answer.body.letterId, mailboxId }]);
		const after = await pull(before.checkpoint.seq);
		expect(after.documents).toHaveLength(1);
		expect(after.documents[0]).toMatchObject({
			id: answer.body.letterId,
			receivedAt: visibleFrom,
			memo: { doNotDeliverUntilDate: day }
		});
		expect(after.documents[0]!.serverSeq).toBeGreaterThan(before.checkpoint.seq);
		expect(await readFile(db, mailboxId, prepared.documents[0]!.files[0]!.id)).not.toBeNull();
		expect(await nextRelease(db)).toBeNull();
		expect(await releaseDueLetters(db, visibleFrom + 1)).toEqual([]);
	});

	it('answers a retry with the same scheduled answer', async () => {
		const { input, answer, prepared } = await deliverHeld();
		const documents = prepared.documents;
		const again = await db.tx((t) => deliverMessage(t, sender, input, documents, now + 5000));
		expect(again).toEqual({ status: 201, body: answer.body });
	});
});

describe('the release job', () => {
	afterEach(() => vi.useRealTimers());

	it('wakes at the next Danish midnight, releases the letter and nudges the mailbox', async () => {
		const db = new SqliteDatabase(':memory:');
		try {
			const sender: Sender = {
				id: 'skat',
				name: 'SKAT',
				kind: 'public',
				idType: 'MyndighedsID',
				acceptsMessages: false
			};
			await db.tx((t) => createSender(t, sender));
			const { mailboxId } = await createCitizen(db, {
				userId: 'timer',
				password: 'pw-long-enough',
				name: 'T',
				cpr: '3102900003'
			});
			// 23:59 on 23 November in Copenhagen; the letter is for 24 November.
			const midnight = Date.UTC(2026, 10, 23, 23);
			vi.useFakeTimers({ now: midnight - 60_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
			const input = deliverMessageInput.parse(
				letterInput('3102900003', { doNotDeliverUntilDate: '2026-11-24' })
			);
			const prepared = await prepareDocuments(input);
			if (!prepared.ok) throw new Error(prepared.message);
			const documents = prepared.documents;
			const answer = await db.tx((t) => deliverMessage(t, sender, input, documents, Date.now()));
			const nudges: string[] = [];
			const unsubscribe = subscribeMailbox(mailboxId, () => nudges.push('letters'));
			void watchHeldLetters(db);
			afterDelivery(answer);
			expect((await lettersHandler.pull(db, mailboxId, 0, 10)).documents).toEqual([]);

			await vi.advanceTimersByTimeAsync(59_000);
			expect(nudges).toEqual([]);
			await vi.advanceTimersByTimeAsync(1_000);
			expect(nudges).toEqual(['letters']);
			expect((await lettersHandler.pull(db, mailboxId, 0, 10)).documents.map((l) => l.id)).toEqual([
				answer.body.letterId
			]);
			unsubscribe();
		} finally {
			await db.close();
		}
	});
});
