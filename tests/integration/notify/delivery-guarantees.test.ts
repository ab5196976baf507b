import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCitizen, deliverLetter, letterInput } from '../../fixtures/citizens';
import {
	notifyEnv,
	setUpNotices,
	startSmsGateway,
	startSmtpSink,
	testEmail,
	testPhone,
	type SmsGatewaySink,
	type SmtpSink
} from '../../fixtures/notify';
import { noticesOf, startNotifyServer, type NotifyServer } from './helpers';

// Retries when the SMTP server or SMS gateway fails and recovers, and exactly one notice after the app is
// killed (SIGKILL) between queueing and sending, or in the middle of sending.

let smtp: SmtpSink;
let sms: SmsGatewaySink;
let dataDir: string;
let server: NotifyServer | undefined;

const env = () => notifyEnv({ smtp, sms }, { NOTIFY_BATCH_SECONDS: '3', NOTIFY_LEASE_SECONDS: '3' });

beforeAll(async () => {
	[smtp, sms] = await Promise.all([startSmtpSink(), startSmsGateway()]);
	dataDir = mkdtempSync(join(tmpdir(), 'postkasse-notify-crash-'));
	server = await startNotifyServer(env(), dataDir);
});

afterAll(async () => {
	await server?.stop();
	await Promise.all([smtp?.close(), sms?.close()]);
	rmSync(dataDir, { recursive: true, force: true });
});

/** Kills the app as a crash would. */
async function crash(): Promise<void> {
	await server!.kill();
}

/** Starts it again on the same database and port. */
async function restart(): Promise<NotifyServer> {
	server = await startNotifyServer(env(), dataDir, server!.port);
	return server;
}

describe('failures and recovery', () => {
	it('retries with backoff while the SMTP server and the SMS gateway fail, then delivers once', async () => {
		const citizen = await createCitizen(dataDir);
		const email = testEmail();
		const phone = testPhone();
		await setUpNotices(dataDir, citizen, { email, phone });
		smtp.failNext(2, 451);
		sms.failNext(2, 503);
		await deliverLetter(server!.baseUrl, dataDir, letterInput(citizen.cpr));
		await smtp.mails.waitFor((m) => m.to.includes(email));
		await sms.messages.waitFor((m) => m.msisdn === Number(phone.slice(1)));
		// The worker records the result just after the server answered.
		await expect
			.poll(async () =>
				(await noticesOf(dataDir, citizen.citizenId)).map((n) => [n.channel, n.status, n.attempts]).sort()
			)
			.toEqual([
				['email', 'sent', 3],
				['sms', 'sent', 3]
			]);
		expect(smtp.mails.filter((m) => m.to.includes(email))).toHaveLength(1);
		expect(sms.messages.filter((m) => m.msisdn === Number(phone.slice(1)))).toHaveLength(1);
	});
});

describe('a crash', () => {
	it('between queueing and sending: the notice goes out exactly once after the restart', async () => {
		const citizen = await createCitizen(dataDir);
		const phone = testPhone();
		await setUpNotices(dataDir, citizen, { phone });
		const forPhone = (m: { msisdn: number }) => m.msisdn === Number(phone.slice(1));
		await deliverLetter(server!.baseUrl, dataDir, letterInput(citizen.cpr));
		await sms.messages.waitFor(forPhone);
		await expect
			.poll(async () => (await noticesOf(dataDir, citizen.citizenId)).map((n) => n.status))
			.toEqual(['sent']);
		// Inside the batch window: the follow-up is queued for later, in the letter's transaction.
		expect((await deliverLetter(server!.baseUrl, dataDir, letterInput(citizen.cpr))).status).toBe(201);
		await crash();
		expect((await noticesOf(dataDir, citizen.citizenId)).map((n) => n.status)).toEqual(['sent', 'pending']);
		const restarted = await restart();

		const [, followUp] = await sms.messages.waitForCount(forPhone, 2);
		expect(followUp!.message).toContain('Du har fået ny post fra');
		// A later letter's notice shows the worker has moved on: still no second copy of the follow-up.
		await deliverLetter(restarted.baseUrl, dataDir, letterInput(citizen.cpr));
		await sms.messages.waitForCount(forPhone, 3);
		await expect
			.poll(async () => (await noticesOf(dataDir, citizen.citizenId)).map((n) => [n.status, n.attempts]))
			.toEqual([
				['sent', 1],
				['sent', 1],
				['sent', 1]
			]);
		expect(new Set(sms.messages.filter(forPhone).map((m) => m.userref)).size).toBe(3);
	});

	it('while sending: the notice is sent again once its lease ends, with the same Message-ID', async () => {
		const citizen = await createCitizen(dataDir);
		const email = testEmail();
		await setUpNotices(dataDir, citizen, { email });
		smtp.stallNext();
		await deliverLetter(server!.baseUrl, dataDir, letterInput(citizen.cpr));
		// The SMTP server has the message but never confirms it; the app dies waiting.
		const interrupted = await smtp.stalled.waitFor((m) => m.to.includes(email));
		await crash();
		await restart();

		const delivered = await smtp.mails.waitFor((m) => m.to.includes(email), 30_000);
		expect(delivered.messageId).toBe(interrupted.messageId);
		await expect
			.poll(async () => (await noticesOf(dataDir, citizen.citizenId)).map((n) => n.status))
			.toEqual(['sent']);
		expect(smtp.mails.filter((m) => m.to.includes(email))).toHaveLength(1);
	});
});
