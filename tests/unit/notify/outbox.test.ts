import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, write, type Db } from '../../../src/lib/server/db/connection';
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
let db: Db;
let citizenId: string;
const cpr = '3102900001';

async function deliver(input: DeliverMessageInput, now = T0) {
	const prepared = await prepareDocuments(input);
	if (!prepared.ok) throw new Error(prepared.message);
	return deliverMessage(db, senderById(db, 'skat')!, input, prepared.documents, now);
}

function notices() {
	return db
		.prepare(
			`SELECT channel, status, due_at AS dueAt, (SELECT count(*) FROM notice_letters WHERE notice_id = id) AS letters
			 FROM notices ORDER BY created_at, rowid`
		)
		.all() as { channel: string; status: string; dueAt: number; letters: number }[];
}

beforeEach(async () => {
	db = openDatabase(':memory:');
	createSender(
		db,
		{ id: 'skat', name: 'SKAT', kind: 'public', idType: 'MyndighedsID', acceptsMessages: true },
		T0
	);
	({ citizenId } = await createCitizen(
		db,
		{ userId: 'anna', password: 'pw-long-enough', name: 'Anna', cpr },
		T0
	));
	write(db, () => {
		db.prepare(
			`INSERT INTO notify_contacts (citizen_id, channel, address, confirmed_at, created_at)
			 VALUES (?, 'sms', '+4512345678', ?, ?)`
		).run(citizenId, T0, T0);
		savePreferences(db, citizenId, { locale: 'da', email: true, sms: true, push: false, quiet: null }, T0);
	});
});
afterEach(() => db.close());

describe('the outbox', () => {
	it('queues one notice per enabled, confirmed channel with the letter', async () => {
		await deliver(letterInput(cpr));
		// E-mail is on but has no confirmed address: nothing for it.
		expect(notices()).toEqual([{ channel: 'sms', status: 'pending', dueAt: T0, letters: 1 }]);
	});

	it('queues nothing when the delivery is rolled back', async () => {
		const input = letterInput(cpr);
		const prepared = await prepareDocuments(input);
		if (!prepared.ok) throw new Error(prepared.message);
		expect(() =>
			write(db, () => {
				deliverMessage(db, senderById(db, 'skat')!, input, prepared.documents, T0);
				throw new Error('disk full');
			})
		).toThrow('disk full');
		expect(notices()).toEqual([]);
		expect(db.prepare('SELECT count(*) FROM letters').pluck().get()).toBe(0);
	});

	it('gathers letters into a waiting notice, and into one follow-up after a sent one', async () => {
		await deliver(letterInput(cpr), T0);
		await deliver(letterInput(cpr), T0 + 1000);
		expect(notices()).toEqual([{ channel: 'sms', status: 'pending', dueAt: T0, letters: 2 }]);
		db.prepare("UPDATE notices SET status = 'sent'").run();
		await deliver(letterInput(cpr), T0 + 2 * MINUTE);
		await deliver(letterInput(cpr), T0 + 3 * MINUTE);
		expect(notices()[1]).toEqual({ channel: 'sms', status: 'pending', dueAt: T0 + 5 * MINUTE, letters: 2 });
		// Long after the window, a new letter is told at once.
		db.prepare("UPDATE notices SET status = 'sent'").run();
		await deliver(letterInput(cpr), T0 + 60 * MINUTE);
		expect(notices()[2]).toEqual({ channel: 'sms', status: 'pending', dueAt: T0 + 60 * MINUTE, letters: 1 });
	});

	it('schedules one reminder 3 days before the earliest deadline, and releases it only while unread', async () => {
		const deadline = new Date(T0 + 10 * 24 * 60 * MINUTE).toISOString();
		const answer = await deliver(letterInput(cpr, { reply: true, replyByDateTime: deadline }));
		const letterId = answer.body.letterId as string;
		const due = db.prepare('SELECT due_at FROM notice_reminders WHERE letter_id = ?').pluck().get(letterId);
		expect(due).toBe(T0 + 7 * 24 * 60 * MINUTE);
		db.prepare("UPDATE notices SET status = 'sent'").run();
		expect(write(db, () => releaseDueReminders(db, (due as number) - 1))).toBe(0);
		expect(write(db, () => releaseDueReminders(db, due as number))).toBe(1);
		expect(notices().at(-1)).toMatchObject({ status: 'pending', letters: 1 });
		// Done once: never again.
		expect(write(db, () => releaseDueReminders(db, (due as number) + 1))).toBe(0);

		const read = await deliver(letterInput(cpr, { reply: true, replyByDateTime: deadline }));
		db.prepare('UPDATE letters SET read = 1 WHERE id = ?').run(read.body.letterId);
		const before = notices().length;
		expect(write(db, () => releaseDueReminders(db, due as number))).toBe(0);
		expect(notices()).toHaveLength(before);
		// A deadline sooner than 3 days away gets no reminder: the new-post notice covers it.
		const soon = await deliver(
			letterInput(cpr, { reply: true, replyByDateTime: new Date(T0 + 60 * MINUTE).toISOString() })
		);
		expect(
			db.prepare('SELECT count(*) FROM notice_reminders WHERE letter_id = ?').pluck().get(soon.body.letterId)
		).toBe(0);
	});
});

describe('claiming due notices', () => {
	it('gives each notice to one worker; an expired lease lets another take it', async () => {
		await deliver(letterInput(cpr));
		const a = claimDue(db, 'worker-a', T0, 60_000, 10);
		const b = claimDue(db, 'worker-b', T0 + 1000, 60_000, 10);
		expect(a).toHaveLength(1);
		expect(b).toEqual([]);
		// Worker A died: after its lease, B takes the notice.
		const later = claimDue(db, 'worker-b', T0 + 60_000, 60_000, 10);
		expect(later.map((n) => n.id)).toEqual(a.map((n) => n.id));
		expect(db.prepare('SELECT lease_owner FROM notices').pluck().get()).toBe('worker-b');
	});

	it('does not take notices before they are due', async () => {
		await deliver(letterInput(cpr), T0);
		db.prepare("UPDATE notices SET status = 'sent'").run();
		await deliver(letterInput(cpr), T0 + MINUTE);
		expect(claimDue(db, 'w', T0 + 4 * MINUTE, 60_000, 10)).toEqual([]);
		expect(claimDue(db, 'w', T0 + 5 * MINUTE, 60_000, 10)).toHaveLength(1);
	});
});

describe('confirmations', () => {
	it('an e-mail link works once and for 24 hours', () => {
		const issued = write(db, () => issueConfirmation(db, citizenId, 'email', 'anna@example.dk', T0));
		if (!issued.ok) throw new Error('not issued');
		expect(
			db.prepare("SELECT secret_hash FROM notify_contacts WHERE channel = 'email'").pluck().get()
		).not.toContain(issued.secret);
		expect(confirmEmailLink(db, issued.secret, T0 + 24 * 60 * MINUTE)).toBeNull();
		expect(confirmEmailLink(db, issued.secret, T0 + 24 * 60 * MINUTE - 1)).toMatchObject({
			address: 'anna@example.dk'
		});
		expect(confirmEmailLink(db, issued.secret, T0 + 25 * 60 * MINUTE)).toBeNull();
	});

	it('an SMS code expires after 10 minutes', () => {
		const issued = write(db, () => issueConfirmation(db, citizenId, 'sms', '+4587654321', T0));
		if (!issued.ok) throw new Error('not issued');
		expect(checkSmsCode(db, citizenId, issued.secret, T0 + 10 * MINUTE)).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect(checkSmsCode(db, citizenId, issued.secret, T0 + 10 * MINUTE - 1)).toMatchObject({ ok: true });
	});

	it('may be sent once a minute and five times an hour', () => {
		const issue = (at: number) =>
			write(db, () => issueConfirmation(db, citizenId, 'email', `a${at}@example.dk`, at));
		expect(issue(T0).ok).toBe(true);
		expect(issue(T0 + 30_000)).toEqual({ ok: false, reason: 'rate_limited', retryAt: T0 + MINUTE });
		for (let i = 1; i < 5; i++) expect(issue(T0 + i * 2 * MINUTE).ok).toBe(true);
		expect(issue(T0 + 12 * MINUTE)).toEqual({ ok: false, reason: 'rate_limited', retryAt: T0 + 60 * MINUTE });
		expect(issue(T0 + 60 * MINUTE).ok).toBe(true);
	});

	it('an unsubscribe token fits only its citizen and address', () => {
		write(db, () =>
			db
				.prepare(
					"UPDATE notify_contacts SET address = 'anna@example.dk', channel = 'email' WHERE citizen_id = ?"
				)
				.run(citizenId)
		);
		const token = unsubscribeToken(db, citizenId, 'anna@example.dk');
		expect(unsubscribeTarget(db, token)).toEqual({ citizenId, address: 'anna@example.dk' });
		expect(unsubscribeTarget(db, unsubscribeToken(db, citizenId, 'old@example.dk'))).toBeNull();
		expect(unsubscribeTarget(db, `${citizenId}.x`)).toBeNull();
		expect(unsubscribeTarget(db, 'nonsense')).toBeNull();
	});
});

describe('housekeeping', () => {
	it('drops finished notices after 90 days, never pending ones', async () => {
		await deliver(letterInput(cpr), T0);
		await deliver(letterInput(cpr, {}), T0);
		db.prepare("UPDATE notices SET status = 'sent', finished_at = ?").run(T0);
		await deliver(letterInput(cpr), T0 + 100 * 24 * 60 * MINUTE);
		const day = 24 * 60 * MINUTE;
		expect(write(db, () => pruneNotices(db, T0 + 89 * day))).toBe(0);
		expect(write(db, () => pruneNotices(db, T0 + 91 * day))).toBe(1);
		expect(notices().map((n) => n.status)).toEqual(['pending']);
	});
});
