import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteDatabase } from '../../../src/lib/server/db/sqlite-engine';
import { createCitizen } from '../../../src/lib/server/auth/citizens';
import { createSender, senderById } from '../../../src/lib/server/senders/registry';
import { deliverMessage, prepareDocuments } from '../../../src/lib/server/mail/deliver';
import { pruneNotices, releaseDueReminders } from '../../../src/lib/server/notify/outbox';
import { claimDue } from '../../../src/lib/server/notify/worker';
import { savePreferences } from '../../../src/lib/server/notify/settings';
import {
	checkSmsCode,
	confirmEmailLink,
	issueConfirmation,
	unsubscribeTarget,
	unsubscribeToken
} from '../../../src/lib/server/notify/contacts';
import { letterInput } from '../../fixtures/citizens';
import type { DeliverMessageInput } from '../../../src/lib/schemas/letter';

vi.setConfig({ testTimeout: 120_000 });

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const MINUTE = 60_000;
let db: SqliteDatabase;
let citizenId: string;
const cpr = '3102900001';

async function deliver(input: DeliverMessageInput, now = T0) {
	const prepared = await prepareDocuments(input);
	if (!prepared.ok) throw new Error(prepared.message);
	const sender = (await senderById(db, 'skat'))!;
	const documents = prepared.documents;
	return db.tx((t) => deliverMessage(t, sender, input, documents, now));
}

function notices() {
	return db.all<{ channel: string; status: string; dueAt: number; letters: number }>(
		`SELECT channel, status, due_at AS "dueAt", (SELECT count(*) FROM notice_letters WHERE notice_id = id) AS letters
		 FROM notices ORDER BY created_at, due_at, id`
	);
}

beforeEach(async () => {
	db = new SqliteDatabase(':memory:');
	await db.tx((t) =>
		createSender(
			t,
			{ id: 'skat', name: 'SKAT', kind: 'public', idType: 'MyndighedsID', acceptsMessages: true },
			T0
		)
	);
	({ citizenId } = await createCitizen(
		db,
		{ userId: 'anna', password: 'pw-long-enough', name: 'Anna', cpr },
		T0
	));
	await db.tx(async (t) => {
		await t.run(
			`INSERT INTO notify_contacts (citizen_id, channel, address, confirmed_at, created_at)
			 VALUES ($1, 'sms', '+4512345678', $2, $3)`,
			[citizenId, T0, T0]
		);
		await savePreferences(
			t,
			citizenId,
			{ locale: 'da', email: true, sms: true, push: false, quiet: null },
			T0
		);
	});
});
afterEach(() => db.close());

describe('the outbox', () => {
	it('queues one notice per enabled, confirmed channel with the letter', async () => {
		await deliver(letterInput(cpr));
		// E-mail is on but has no confirmed address: nothing for it.
		expect(await notices()).toEqual([{ channel: 'sms', status: 'pending', dueAt: T0, letters: 1 }]);
	});

	it('queues nothing when the delivery is rolled back', async () => {
		const input = letterInput(cpr);
		const prepared = await prepareDocuments(input);
		if (!prepared.ok) throw new Error(prepared.message);
		const sender = (await senderById(db, 'skat'))!;
		const documents = prepared.documents;
		await expect(
			db.tx(async (t) => {
				await deliverMessage(t, sender, input, documents, T0);
				throw new Error('disk full');
			})
		).rejects.toThrow('disk full');
		expect(await notices()).toEqual([]);
		expect(await db.value('SELECT count(*) FROM letters')).toBe(0);
	});

	it('gathers letters into a waiting notice, and into one follow-up after a sent one', async () => {
		await deliver(letterInput(cpr), T0);
		await deliver(letterInput(cpr), T0 + 1000);
		expect(await notices()).toEqual([{ channel: 'sms', status: 'pending', dueAt: T0, letters: 2 }]);
		await db.run("UPDATE notices SET status = 'sent'");
		await deliver(letterInput(cpr), T0 + 2 * MINUTE);
		await deliver(letterInput(cpr), T0 + 3 * MINUTE);
		expect((await notices())[1]).toEqual({
			channel: 'sms',
			status: 'pending',
			dueAt: T0 + 5 * MINUTE,
			letters: 2
		});
		// Long after the window, a new letter is told at once.
		await db.run("UPDATE notices SET status = 'sent'");
		await deliver(letterInput(cpr), T0 + 60 * MINUTE);
		expect((await notices())[2]).toEqual({
			channel: 'sms',
			status: 'pending',
			dueAt: T0 + 60 * MINUTE,
			letters: 1
		});
	});

	it('schedules one reminder 3 days before the earliest deadline, and releases it only while unread', async () => {
		const deadline = new Date(T0 + 10 * 24 * 60 * MINUTE).toISOString();
		const answer = await deliver(letterInput(cpr, { reply: true, replyByDateTime: deadline }));
		const letterId = answer.body.letterId as string;
		const due = await db.value('SELECT due_at FROM notice_reminders WHERE letter_id = $1', [letterId]);
		expect(due).toBe(T0 + 7 * 24 * 60 * MINUTE);
		await db.run("UPDATE notices SET status = 'sent'");
		expect(await db.tx((t) => releaseDueReminders(t, (due as number) - 1))).toBe(0);
		expect(await db.tx((t) => releaseDueReminders(t, due as number))).toBe(1);
		expect((await notices()).at(-1)).toMatchObject({ status: 'pending', letters: 1 });
		// Done once: never again.
		expect(await db.tx((t) => releaseDueReminders(t, (due as number) + 1))).toBe(0);

		const read = await deliver(letterInput(cpr, { reply: true, replyByDateTime: deadline }));
		await db.run('UPDATE letters SET read = TRUE WHERE id = $1', [read.body.letterId as string]);
		const before = (await notices()).length;
		expect(await db.tx((t) => releaseDueReminders(t, due as number))).toBe(0);
		expect(await notices()).toHaveLength(before);
		// A deadline sooner than 3 days away gets no reminder: the new-post notice covers it.
		const soon = await deliver(
			letterInput(cpr, { reply: true, replyByDateTime: new Date(T0 + 60 * MINUTE).toISOString() })
		);
		expect(
			await db.value('SELECT count(*) FROM notice_reminders WHERE letter_id = $1', [
				soon.body.letterId as string
			])
		).toBe(0);
	});
});

describe('claiming due notices', () => {
	it('gives each notice to one worker; an expired lease lets another take it', async () => {
		await deliver(letterInput(cpr));
		const a = await claimDue(db, 'worker-a', T0, 60_000, 10);
		const b = await claimDue(db, 'worker-b', T0 + 1000, 60_000, 10);
		expect(a).toHaveLength(1);
		expect(b).toEqual([]);
		// Worker A died: after its lease, B takes the notice.
		const later = await claimDue(db, 'worker-b', T0 + 60_000, 60_000, 10);
		expect(later.map((n) => n.id)).toEqual(a.map((n) => n.id));
		expect(await db.value('SELECT lease_owner FROM notices')).toBe('worker-b');
	});

	it('does not take notices before they are due', async () => {
		await deliver(letterInput(cpr), T0);
		await db.run("UPDATE notices SET status = 'sent'");
		await deliver(letterInput(cpr), T0 + MINUTE);
		expect(await claimDue(db, 'w', T0 + 4 * MINUTE, 60_000, 10)).toEqual([]);
		expect(await claimDue(db, 'w', T0 + 5 * MINUTE, 60_000, 10)).toHaveLength(1);
	});
});

describe('confirmations', () => {
	it('an e-mail link works once and for 24 hours', async () => {
		const issued = await db.tx((t) => issueConfirmation(t, citizenId, 'email', 'anna@example.dk', T0));
		if (!issued.ok) throw new Error('not issued');
		expect(await db.value("SELECT secret_hash FROM notify_contacts WHERE channel = 'email'")).not.toContain(
			issued.secret
		);
		expect(await db.tx((t) => confirmEmailLink(t, issued.secret, T0 + 24 * 60 * MINUTE))).toBeNull();
		expect(await db.tx((t) => confirmEmailLink(t, issued.secret, T0 + 24 * 60 * MINUTE - 1))).toMatchObject({
			address: 'anna@example.dk'
		});
		expect(await db.tx((t) => confirmEmailLink(t, issued.secret, T0 + 25 * 60 * MINUTE))).toBeNull();
	});

	it('an SMS code expires after 10 minutes', async () => {
		const issued = await db.tx((t) => issueConfirmation(t, citizenId, 'sms', '+4587654321', T0));
		if (!issued.ok) throw new Error('not issued');
		expect(await db.tx((t) => checkSmsCode(t, citizenId, issued.secret, T0 + 10 * MINUTE))).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect(await db.tx((t) => checkSmsCode(t, citizenId, issued.secret, T0 + 10 * MINUTE - 1))).toMatchObject(
			{ ok: true }
		);
	});

	it('may be sent once a minute and five times an hour', async () => {
		const issue = (at: number) =>
			db.tx((t) => issueConfirmation(t, citizenId, 'email', `a${at}@example.dk`, at));
		expect((await issue(T0)).ok).toBe(true);
		expect(await issue(T0 + 30_000)).toEqual({ ok: false, reason: 'rate_limited', retryAt: T0 + MINUTE });
		for (let i = 1; i < 5; i++) expect((await issue(T0 + i * 2 * MINUTE)).ok).toBe(true);
		expect(await issue(T0 + 12 * MINUTE)).toEqual({
			ok: false,
			reason: 'rate_limited',
			retryAt: T0 + 60 * MINUTE
		});
		expect((await issue(T0 + 60 * MINUTE)).ok).toBe(true);
	});

	it('an unsubscribe token fits only its citizen and address', async () => {
		await db.run(
			"UPDATE notify_contacts SET address = 'anna@example.dk', channel = 'email' WHERE citizen_id = $1",
			[citizenId]
		);
		const token = await unsubscribeToken(db, citizenId, 'anna@example.dk');
		expect(await unsubscribeTarget(db, token)).toEqual({ citizenId, address: 'anna@example.dk' });
		expect(await unsubscribeTarget(db, await unsubscribeToken(db, citizenId, 'old@example.dk'))).toBeNull();
		expect(await unsubscribeTarget(db, `${citizenId}.x`)).toBeNull();
		expect(await unsubscribeTarget(db, 'nonsense')).toBeNull();
	});
});

describe('housekeeping', () => {
	it('drops finished notices after 90 days, never pending ones', async () => {
		await deliver(letterInput(cpr), T0);
		await deliver(letterInput(cpr, {}), T0);
		await db.run("UPDATE notices SET status = 'sent', finished_at = $1", [T0]);
		await deliver(letterInput(cpr), T0 + 100 * 24 * 60 * MINUTE);
		const day = 24 * 60 * MINUTE;
		expect(await db.tx((t) => pruneNotices(t, T0 + 89 * day))).toBe(0);
		expect(await db.tx((t) => pruneNotices(t, T0 + 91 * day))).toBe(1);
		expect((await notices()).map((n) => n.status)).toEqual(['pending']);
	});
});
