import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
	createCitizen,
	deliverLetter,
	letterInput,
	signedInCitizen,
	withDatabase,
	type TestCitizen
} from '../../fixtures/citizens';
import {
	decryptPush,
	notifyEnv,
	setUpNotices,
	startPushService,
	startSmsGateway,
	startSmtpSink,
	subscriptionKeys,
	testEmail,
	testPhone,
	type PushServiceSink,
	type SmsGatewaySink,
	type SmtpSink
} from '../../fixtures/notify';
import { noticesOf, startNotifyServer, type NotifyServer } from './helpers';

// Letters delivered through the sender API; what reaches a real SMTP server, SMS gateway and push endpoint.

let smtp: SmtpSink;
let sms: SmsGatewaySink;
let push: PushServiceSink;
let server: NotifyServer;

const SENDER = 'Skattestyrelsen (SKAT)';
const SECRET_TITLE = 'Restskat 2025 for Freja';
const SECRET_BODY = 'Du skylder 12.345 kr. i restskat.';

beforeAll(async () => {
	[smtp, sms, push] = await Promise.all([startSmtpSink(), startSmsGateway(), startPushService()]);
	server = await startNotifyServer(notifyEnv({ smtp, sms, push }, { NOTIFY_BATCH_SECONDS: '3' }));
});

afterAll(async () => {
	await server?.stop();
	await Promise.all([smtp?.close(), sms?.close(), push?.close()]);
});

function secretLetter(citizen: TestCitizen, overrides: Parameters<typeof letterInput>[1] = {}) {
	return letterInput(citizen.cpr, {
		label: SECRET_TITLE,
		notification: 'Se din årsopgørelse.',
		mainDocument: {
			label: SECRET_TITLE,
			files: [
				{
					encodingFormat: 'text/plain',
					filename: 'brev.txt',
					content: Buffer.from(SECRET_BODY).toString('base64')
				}
			],
			actions: []
		},
		...overrides
	});
}

const forNumber = (phone: string) => (m: { msisdn: number }) => m.msisdn === Number(phone.replace(/\D/g, ''));
const forAddress = (email: string) => (m: { to: string[] }) => m.to.includes(email);

function expectNoLetterContent(text: string, citizen: TestCitizen) {
	expect(text).not.toContain(SECRET_TITLE);
	expect(text).not.toContain(SECRET_BODY);
	expect(text).not.toContain(citizen.cpr);
	expect(text).not.toContain(citizen.name);
}

describe('a delivered letter', () => {
	it('is announced by e-mail and SMS in the citizen’s language, with no letter content', async () => {
		const citizen = await createCitizen(server.dataDir, { name: 'Amina Test' });
		const email = testEmail();
		const phone = testPhone();
		await setUpNotices(server.dataDir, citizen, { locale: 'ar', email, phone });

		const delivered = await deliverLetter(
			server.baseUrl,
			server.dataDir,
			secretLetter(citizen, { legalNotification: true })
		);
		expect(delivered.status).toBe(201);

		const mail = await smtp.mails.waitFor(forAddress(email));
		expect(mail.to).toEqual([email]);
		expect(mail.from).toContain('post@postkasse.test');
		expect(mail.subject).toContain(SENDER);
		expect(mail.subject).toMatch(/\p{Script=Arabic}/u);
		expect(mail.text).toContain('Se din årsopgørelse.');
		expect(mail.text).toContain('لهذه الرسالة أثر قانوني.');
		expect(mail.text).toContain(`${server.baseUrl}/ar/mail`);
		expect(mail.html).toMatch(/<html lang="ar" dir="rtl">/);
		expect(mail.html).not.toMatch(/<img|url\(|<script|<link/i);
		expectNoLetterContent(mail.raw, citizen);

		const [emailNotice] = (await noticesOf(server.dataDir, citizen.citizenId)).filter(
			(n) => n.channel === 'email'
		);
		// The notice id is the idempotency key: the e-mail's Message-ID.
		expect(mail.messageId).toBe(`<${emailNotice!.id}@127.0.0.1>`);
		// RFC 8058 one-click unsubscribe.
		expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
		expect(mail.headers.get('list-unsubscribe')).toMatch(
			new RegExp(`^<${server.baseUrl}/api/v1/notify/unsubscribe\\?t=[^>]+>$`)
		);

		const text = await sms.messages.waitFor(forNumber(phone));
		expect(text.sender).toBe('Postkasse');
		expect(text.encoding).toBe('UCS2');
		expect(text.message).toContain('لديك بريد جديد من');
		expect(text.message).toContain(SENDER);
		expect(text.message).toContain(`${server.baseUrl}/ar/mail`);
		expectNoLetterContent(text.message, citizen);
		const smsNotice = (await noticesOf(server.dataDir, citizen.citizenId)).find((n) => n.channel === 'sms');
		expect(text.userref).toBe(smsNotice!.id);
	});

	it('delivered again with the same messageUUID queues nothing new', async () => {
		const citizen = await createCitizen(server.dataDir);
		const phone = testPhone();
		await setUpNotices(server.dataDir, citizen, { phone });
		const input = secretLetter(citizen);
		expect((await deliverLetter(server.baseUrl, server.dataDir, input)).status).toBe(201);
		await sms.messages.waitFor(forNumber(phone));
		const again = await deliverLetter(server.baseUrl, server.dataDir, input);
		expect(again.status).toBe(201);
		await expect
			.poll(async () =>
				(await noticesOf(server.dataDir, citizen.citizenId)).map((n) => [n.channel, n.status, n.letters])
			)
			.toEqual([['sms', 'sent', 1]]);
	});

	it('a sender’s batch gives one notice at once and one follow-up for the rest', async () => {
		const citizen = await createCitizen(server.dataDir);
		const phone = testPhone();
		await setUpNotices(server.dataDir, citizen, { phone });
		expect((await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen))).status).toBe(201);
		await sms.messages.waitFor(forNumber(phone));
		// Letters after the first notice went out, within the batch window: one follow-up for all of them.
		for (let i = 0; i < 3; i++) {
			expect((await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen))).status).toBe(201);
		}
		const [first, followUp] = await sms.messages.waitForCount(forNumber(phone), 2);
		expect(first!.message).toContain(`Du har fået ny post fra ${SENDER}.`);
		expect(followUp!.message).toContain(`Du har fået 3 nye breve fra ${SENDER}.`);
		await expect
			.poll(async () =>
				(await noticesOf(server.dataDir, citizen.citizenId)).map((n) => [n.status, n.letters])
			)
			.toEqual([
				['sent', 1],
				['sent', 3]
			]);
	});

	it('leaves out letters read before the notice goes out, and drops a notice with none left', async () => {
		const citizen = await createCitizen(server.dataDir);
		const phone = testPhone();
		await setUpNotices(server.dataDir, citizen, { phone });
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			const answer = await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen));
			ids.push(answer.body.letterId as string);
			if (i === 0) await sms.messages.waitFor(forNumber(phone));
		}
		// Read on a device before the follow-up's batch window ends (what a sync push writes).
		await withDatabase(server.dataDir, (db) =>
			db.run('UPDATE letters SET read = TRUE WHERE id = $1', [ids[1] as string])
		);
		const [, followUp] = await sms.messages.waitForCount(forNumber(phone), 2);
		expect(followUp!.message).toContain(`Du har fået ny post fra ${SENDER}.`);
		await expect
			.poll(async () =>
				(await noticesOf(server.dataDir, citizen.citizenId)).map((n) => [n.status, n.letters])
			)
			.toEqual([
				['sent', 1],
				['sent', 2]
			]);

		// All read: the follow-up is dropped, nothing is sent.
		const other = await createCitizen(server.dataDir);
		const otherPhone = testPhone();
		await setUpNotices(server.dataDir, other, { phone: otherPhone });
		await deliverLetter(server.baseUrl, server.dataDir, secretLetter(other));
		await sms.messages.waitFor(forNumber(otherPhone));
		const second = await deliverLetter(server.baseUrl, server.dataDir, secretLetter(other));
		await withDatabase(server.dataDir, (db) =>
			db.run('UPDATE letters SET read = TRUE WHERE id = $1', [second.body.letterId as string])
		);
		await expect
			.poll(async () => (await noticesOf(server.dataDir, other.citizenId)).map((n) => n.status), {
				timeout: 15_000
			})
			.toEqual(['sent', 'dropped']);
		expect(sms.messages.filter(forNumber(otherPhone))).toHaveLength(1);
	});

	it('gets one reminder 3 days before its deadline while unread, none once read', async () => {
		const unread = await createCitizen(server.dataDir);
		const read = await createCitizen(server.dataDir);
		const [unreadEmail, readEmail] = [testEmail(), testEmail()];
		await setUpNotices(server.dataDir, unread, { email: unreadEmail });
		await setUpNotices(server.dataDir, read, { email: readEmail });
		const threeDays = 3 * 24 * 60 * 60 * 1000;
		const withDeadline = (citizen: TestCitizen, inMs: number) =>
			secretLetter(citizen, {
				mainDocument: {
					label: SECRET_TITLE,
					files: [
						{ encodingFormat: 'text/plain', filename: 'b.txt', content: Buffer.from('x').toString('base64') }
					],
					actions: [
						{
							label: 'Betal',
							actionCode: 'BETALING',
							endDateTime: new Date(Date.now() + threeDays + inMs).toISOString()
						}
					]
				}
			});
		// Read at once (on a device); its reminder falls due 2 s before the other's.
		const readLetter = await deliverLetter(server.baseUrl, server.dataDir, withDeadline(read, 3_000));
		await withDatabase(server.dataDir, (db) =>
			db.run('UPDATE letters SET read = TRUE WHERE id = $1', [readLetter.body.letterId as string])
		);
		await deliverLetter(server.baseUrl, server.dataDir, withDeadline(unread, 5_000));

		const reminder = await smtp.mails.waitFor(
			(m) => forAddress(unreadEmail)(m) && m.subject === 'Husk din post'
		);
		expect(reminder.text).toContain(`Du har ikke læst brevet fra ${SENDER}. Fristen er`);
		expectNoLetterContent(reminder.raw, unread);
		// The other letter's reminder fell due earlier; it was read, so it queued nothing.
		const reminders = await withDatabase(server.dataDir, (db) =>
			db.one('SELECT done_at FROM notice_reminders WHERE letter_id = $1', [
				readLetter.body.letterId as string
			])
		);
		expect(reminders).toMatchObject({ done_at: expect.any(Number) });
		expect((await noticesOf(server.dataDir, read.citizenId)).map((n) => n.kind)).toEqual(['letters']);
		expect(smtp.mails.filter((m) => forAddress(readEmail)(m) && m.subject === 'Husk din post')).toEqual([]);
	});

	it('shows a notice that failed for good in settings', async () => {
		const { citizen, session } = await signedInCitizen(server.baseUrl, server.dataDir);
		const phone = '+4512341234';
		await setUpNotices(server.dataDir, citizen, { phone });
		sms.failNext(1, 400);
		await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen));
		await expect
			.poll(async () => (await noticesOf(server.dataDir, citizen.citizenId))[0]?.status, { timeout: 15_000 })
			.toBe('failed');
		const page = await (await session.fetch('/settings')).text();
		expect(page).toContain('Vi kunne ikke sende en SMS til');
		expect(page).toContain('+45 ****1234');
		expect(sms.messages.filter(forNumber(phone))).toHaveLength(0);

		// A later notice that goes through clears the warning.
		await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen));
		await sms.messages.waitFor(forNumber(phone));
		await expect
			.poll(async () => (await (await session.fetch('/settings')).text()).includes('Vi kunne ikke sende'))
			.toBe(false);
	});
});

describe('web push', () => {
	it('sends the notice encrypted for the subscription, in the citizen’s language', async () => {
		const { citizen, session } = await signedInCitizen(server.baseUrl, server.dataDir);
		const keys = subscriptionKeys();
		const endpoint = `${push.url}/push/${randomUUID()}`;
		const add = await session.fetch('/api/v1/notify/devices', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				endpoint,
				keys: { p256dh: keys.p256dh, auth: keys.auth },
				name: 'Min telefon',
				locale: 'uk'
			})
		});
		expect(add.status).toBe(201);

		await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen, { legalNotification: true }));
		const request = await push.requests.waitFor((r) => endpoint.endsWith(r.path));
		expect(request.headers['content-encoding']).toBe('aes128gcm');
		expect(request.headers.authorization).toMatch(/^vapid t=.+, k=.+$/);
		expect(Number(request.headers.ttl)).toBeGreaterThan(0);
		const [notice] = await noticesOf(server.dataDir, citizen.citizenId);
		expect(request.headers.topic).toBe(notice!.id.replace(/-/g, ''));

		const payload = JSON.parse(decryptPush(request.body, keys)) as Record<string, unknown>;
		expect(payload).toEqual({
			v: 1,
			locale: 'uk',
			title: `Нова пошта від ${SENDER}`,
			body: `Ви отримали нову пошту від ${SENDER}.\nSe din årsopgørelse.\nЦей лист має юридичну силу.`,
			url: '/uk/mail'
		});
		expectNoLetterContent(JSON.stringify(payload), citizen);
	});

	it('removes a subscription the push service says is gone (410)', async () => {
		const { citizen, session } = await signedInCitizen(server.baseUrl, server.dataDir);
		const keys = subscriptionKeys();
		const endpoint = `${push.url}/push/${randomUUID()}`;
		await session.fetch('/api/v1/notify/devices', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				endpoint,
				keys: { p256dh: keys.p256dh, auth: keys.auth },
				name: 'Gammel telefon'
			})
		});
		push.answerWith(410);
		try {
			await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen));
			await push.requests.waitFor((r) => endpoint.endsWith(r.path));
			await expect
				.poll(async () => (await noticesOf(server.dataDir, citizen.citizenId))[0]?.status, {
					timeout: 15_000
				})
				.toBe('dropped');
		} finally {
			push.answerWith(201);
		}
		const devices = await withDatabase(server.dataDir, (db) =>
			db.value('SELECT count(*) FROM push_subscriptions WHERE citizen_id = $1', [citizen.citizenId])
		);
		expect(devices).toBe(0);
	});

	it('refuses an endpoint that is not a known push service', async () => {
		const { session } = await signedInCitizen(server.baseUrl, server.dataDir);
		const keys = subscriptionKeys();
		const res = await session.fetch('/api/v1/notify/devices', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				endpoint: 'http://169.254.169.254/latest/meta-data',
				keys: { p256dh: keys.p256dh, auth: keys.auth },
				name: 'x'
			})
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ field: 'endpoint' });
		const anonymous = await fetch(`${server.baseUrl}/api/v1/notify/devices`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		expect(anonymous.status).toBe(401);
	});
});

describe('the sender API', () => {
	it('answers without waiting for notices, even while the SMTP server hangs', async () => {
		const citizen = await createCitizen(server.dataDir);
		const email = testEmail();
		await setUpNotices(server.dataDir, citizen, { email });
		smtp.stallNext();
		const answer = await deliverLetter(server.baseUrl, server.dataDir, secretLetter(citizen));
		expect(answer.status).toBe(201);
		// Had the answer waited for the e-mail, the hanging server would have made that attempt fail first.
		expect((await noticesOf(server.dataDir, citizen.citizenId))[0]).toMatchObject({
			status: 'pending',
			attempts: 0
		});
		// The notice reached the SMTP server, which has not answered: the API answered all the same.
		const stalled = await smtp.stalled.waitFor(forAddress(email));
		expect(stalled.subject).toContain(SENDER);
		expect(smtp.mails.filter(forAddress(email))).toHaveLength(0);
		expect((await noticesOf(server.dataDir, citizen.citizenId))[0]).toMatchObject({
			status: 'pending',
			attempts: 0
		});
	});
});
