import { describe, expect, it } from 'vitest';
import {
	deliverLetter,
	letterInput,
	signedInCitizen,
	withDatabase,
	type HttpSession
} from '../../fixtures/citizens';
import { setUpNotices, testEmail, testPhone } from '../../fixtures/notify';
import { danishMinutes } from '../../../src/lib/notify/quiet-hours';
import { codeIn, confirmLinkIn, noticesOf, postAction, useNoticeServices } from './helpers';

// Confirming an e-mail address and a phone number through the settings page's forms, one-click
// unsubscribe without a session, and quiet hours.

const services = useNoticeServices({ NOTIFY_BATCH_SECONDS: '0' });

async function settingsPage(session: HttpSession): Promise<string> {
	return (await session.fetch('/settings')).text();
}

describe('e-mail address', () => {
	it('is used only after the link in the confirmation e-mail is followed; the link works once', async () => {
		const { citizen, session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const email = testEmail();
		const asked = await postAction(session, 'notifyEmail', { email: `  ${email} ` });
		expect(asked.data.notify).toMatchObject({ status: 'sent', address: email });

		const confirmation = await services.smtp.mails.waitFor((m) => m.to.includes(email));
		expect(confirmation.subject).toBe('Bekræft din e-mail til Postkasse');
		expect(await settingsPage(session)).toContain(`Venter på bekræftelse: \u2068${email}\u2069`);

		// Not confirmed yet: a letter queues no e-mail notice, and none is sent.
		await deliverLetter(services.server.baseUrl, services.server.dataDir, letterInput(citizen.cpr));
		expect(await noticesOf(services.server.dataDir, citizen.citizenId)).toEqual([]);

		// The link opens a page that asks first (a mail scanner opening it changes nothing) …
		const link = confirmLinkIn(confirmation.text);
		expect(link.origin).toBe(services.server.baseUrl);
		const page = await (await fetch(link)).text();
		expect(page).toContain('Vil du have besked om ny post på');
		expect(await settingsPage(session)).toContain('Venter på bekræftelse');
		// … and the button confirms it, without a session.
		const token = link.searchParams.get('t')!;
		const confirmed = await fetch(new URL('/notify/confirm-email', services.server.baseUrl), {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: services.server.baseUrl,
				accept: 'text/html'
			},
			body: new URLSearchParams({ t: token })
		});
		expect(await confirmed.text()).toContain('Tak. Nu får du besked om ny post på');
		expect(await settingsPage(session)).toContain(`Bekræftet: \u2068${email}\u2069`);

		// Single use.
		const again = await postAction(session, '', { t: token }, '/notify/confirm-email');
		expect(again.data.state).toBe('bad');

		await deliverLetter(services.server.baseUrl, services.server.dataDir, letterInput(citizen.cpr));
		const notice = await services.smtp.mails.waitFor(
			(m) => m.to.includes(email) && m.subject.startsWith('Ny post fra')
		);
		expect(notice.text).toContain('Du har fået ny post fra Skattestyrelsen (SKAT).');
	});

	it('sends the link again only after a minute, and says when', async () => {
		const { session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const email = testEmail();
		expect((await postAction(session, 'notifyEmail', { email })).data.notify?.status).toBe('sent');
		const before = Date.now();
		const resend = await postAction(session, 'notifyEmailResend');
		expect(resend.status).toBe(429);
		expect(resend.data.notify?.error).toBe('rate_limited');
		expect(resend.data.notify?.retryAt).toBeGreaterThan(before + 50_000);
		expect(services.smtp.mails.filter((m) => m.to.includes(email))).toHaveLength(1);
	});

	it('refuses what is not an e-mail address, naming the field', async () => {
		const { session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const answer = await postAction(session, 'notifyEmail', { email: 'ikke en adresse' });
		expect(answer.status).toBe(400);
		expect(answer.data.notify).toMatchObject({ field: 'email', error: 'invalid' });
	});
});

describe('mobile number', () => {
	it('takes Danish numbers only, with a clear message for others', async () => {
		const { session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		for (const phone of ['+46 70 123 45 67', '1234 5678 9', '+45 0123 4567', '+45 1234 567', '']) {
			const answer = await postAction(session, 'notifyPhone', { phone });
			expect(answer.status, phone).toBe(400);
			expect(answer.data.notify, phone).toMatchObject({ field: 'phone', error: 'invalid' });
		}
		const page = await (
			await session.fetch('/settings?/notifyPhone', {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: new URLSearchParams({ phone: '+46 70 123 45 67' })
			})
		).text();
		expect(page).toContain('Vi kan kun bruge danske mobilnumre: +45 og 8 cifre');
	});

	it('is confirmed by the 6-digit code from the SMS, typed with or without spaces', async () => {
		const { citizen, session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const phone = testPhone();
		const typed = `${phone.slice(3, 5)} ${phone.slice(5, 7)} ${phone.slice(7, 9)} ${phone.slice(9)}`;
		const asked = await postAction(session, 'notifyPhone', { phone: typed });
		expect(asked.data.notify?.status).toBe('sent');
		const text = await services.sms.messages.waitFor((m) => m.msisdn === Number(phone.slice(1)));
		expect(text.message).toMatch(/^Din kode til Postkasse er \d{6}\. Den virker i 10 minutter\.$/);
		const code = codeIn(text.message);

		const wrong = code === '000000' ? '111111' : '000000';
		const first = await postAction(session, 'notifyPhoneCode', { code: wrong });
		expect(first.data.notify).toMatchObject({ field: 'code', error: 'wrong', left: 4 });
		const right = await postAction(session, 'notifyPhoneCode', {
			code: `${code.slice(0, 3)} ${code.slice(3)}`
		});
		expect(right.data.notify?.status).toBe('confirmed');
		expect(await settingsPage(session)).toContain('Bekræftet:');

		await deliverLetter(services.server.baseUrl, services.server.dataDir, letterInput(citizen.cpr));
		const notice = await services.sms.messages.waitFor(
			(m) => m.msisdn === Number(phone.slice(1)) && m.message.includes('ny post')
		);
		expect(notice.message).toContain('Du har fået ny post fra Skattestyrelsen (SKAT).');
	});

	it('allows five wrong codes, then the code stops working', async () => {
		const { session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const phone = testPhone();
		await postAction(session, 'notifyPhone', { phone });
		const code = codeIn(
			(await services.sms.messages.waitFor((m) => m.msisdn === Number(phone.slice(1)))).message
		);
		const wrong = code === '000000' ? '111111' : '000000';
		const lefts: (number | undefined)[] = [];
		for (let i = 0; i < 4; i++)
			lefts.push((await postAction(session, 'notifyPhoneCode', { code: wrong })).data.notify?.left);
		expect(lefts).toEqual([4, 3, 2, 1]);
		expect((await postAction(session, 'notifyPhoneCode', { code: wrong })).data.notify?.error).toBe(
			'too_many'
		);
		// Even the right code no longer works: a new one must be asked for.
		expect((await postAction(session, 'notifyPhoneCode', { code })).data.notify?.error).toBe('none');
	});
});

describe('one-click unsubscribe (RFC 8058)', () => {
	it('turns e-mail notices off without a session; other cross-site form posts stay forbidden', async () => {
		const { citizen } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const email = testEmail();
		await setUpNotices(services.server.dataDir, citizen, { email });
		await deliverLetter(services.server.baseUrl, services.server.dataDir, letterInput(citizen.cpr));
		const mail = await services.smtp.mails.waitFor((m) => m.to.includes(email));
		const url = /^<(.+)>$/.exec(mail.headers.get('list-unsubscribe') ?? '')![1]!;

		// A cross-site form post anywhere else is still refused.
		const forged = await fetch(new URL('/settings?/notifyPrefs', services.server.baseUrl), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=on&locale=da'
		});
		expect(forged.status).toBe(403);
		// A wrong token does nothing.
		const guessed = await fetch(url.replace(/t=[^&]+/, `t=${citizen.citizenId}.AAAA`), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(guessed.status).toBe(404);

		// As a mail provider posts it: from its own server, no Origin, no cookie.
		const oneClick = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(oneClick.status).toBe(200);
		const emailOn = await withDatabase(services.server.dataDir, (db) =>
			db.value('SELECT email_on FROM notify_settings WHERE citizen_id = $1', [citizen.citizenId])
		);
		expect(emailOn).toBe(0);

		await deliverLetter(services.server.baseUrl, services.server.dataDir, letterInput(citizen.cpr));
		expect((await noticesOf(services.server.dataDir, citizen.citizenId)).map((n) => n.channel)).toEqual([
			'email'
		]);

		// The link opened in a browser leads to a page that asks first, in the e-mail's language.
		const opened = await fetch(url, { redirect: 'manual' });
		expect(opened.status).toBe(303);
		const page = await (
			await fetch(new URL(opened.headers.get('location')!, services.server.baseUrl))
		).text();
		expect(page).toContain('Vil du stoppe e-mails om ny post til');
	});
});

describe('quiet hours', () => {
	it('hold SMS until they end (e-mail goes at once); ending them sends what waited', async () => {
		const { citizen, session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const email = testEmail();
		const phone = testPhone();
		const now = danishMinutes(Date.now());
		const quiet = { start: (now + 1440 - 60) % 1440, end: (now + 60) % 1440 };
		await setUpNotices(services.server.dataDir, citizen, { email, phone, quiet });

		await deliverLetter(services.server.baseUrl, services.server.dataDir, letterInput(citizen.cpr));
		await services.smtp.mails.waitFor((m) => m.to.includes(email));
		await expect
			.poll(
				async () =>
					(await noticesOf(services.server.dataDir, citizen.citizenId)).find((n) => n.channel === 'sms')?.held
			)
			.toBe(1);
		const held = (await noticesOf(services.server.dataDir, citizen.citizenId)).find(
			(n) => n.channel === 'sms'
		)!;
		expect(held.status).toBe('pending');
		expect(held.due_at).toBeGreaterThan(Date.now() + 55 * 60_000);
		expect(services.sms.messages.filter((m) => m.msisdn === Number(phone.slice(1)))).toHaveLength(0);

		// The citizen turns quiet hours off: the waiting SMS goes now.
		const saved = await postAction(session, 'notifyPrefs', { email: 'on', sms: 'on', locale: 'da' });
		expect(saved.data.notify?.status).toBe('saved');
		const text = await services.sms.messages.waitFor((m) => m.msisdn === Number(phone.slice(1)));
		expect(text.message).toContain('Du har fået ny post fra');
	});

	it('refuses quiet hours that start and end at the same time', async () => {
		const { session } = await signedInCitizen(services.server.baseUrl, services.server.dataDir);
		const answer = await postAction(session, 'notifyPrefs', {
			sms: 'on',
			locale: 'da',
			quiet: 'on',
			quietFrom: '22:00',
			quietTo: '22:00'
		});
		expect(answer.status).toBe(400);
		expect(answer.data.notify).toMatchObject({ field: 'quietTo', error: 'same' });
		const bad = await postAction(session, 'notifyPrefs', {
			locale: 'da',
			quiet: 'on',
			quietFrom: '25:00',
			quietTo: '07:00'
		});
		expect(bad.data.notify).toMatchObject({ field: 'quietFrom', error: 'invalid' });
		const language = await postAction(session, 'notifyPrefs', { locale: 'xx' });
		expect(language.data.notify).toMatchObject({ field: 'locale', error: 'invalid' });
	});
});
