import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startBuiltServer } from '../../scripts/built-server.js';
import { createCitizen, deliverLetter, letterInput, signIn, type TestCitizen } from '../fixtures/citizens';
import {
	decryptPush,
	notifyEnv,
	startPushService,
	startSmsGateway,
	startSmtpSink,
	subscriptionKeys,
	testEmail,
	testPhone,
	type PushServiceSink,
	type SmsGatewaySink,
	type SmtpSink
} from '../fixtures/notify';
import { expectNoAxeViolations } from './helpers/mail';
import { waitForServiceWorker } from './pwa-helpers';

// The notice settings in a real browser, against a server of its own whose e-mail, SMS and push go to
// services inside this test: confirm an e-mail (link from the captured e-mail) and a phone number (code from
// the captured SMS) in Danish and in Arabic, and show a pushed notice through the service worker.

test.describe.configure({ mode: 'serial' });

let smtp: SmtpSink;
let sms: SmsGatewaySink;
let push: PushServiceSink;
let server: Awaited<ReturnType<typeof startBuiltServer>>;
let dataDir: string;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	[smtp, sms, push] = await Promise.all([startSmtpSink(), startSmsGateway(), startPushService()]);
	dataDir = mkdtempSync(join(tmpdir(), 'postkasse-e2e-notify-'));
	server = await startBuiltServer({ dataDir, env: notifyEnv({ smtp, sms, push }) });
});

test.afterAll(async () => {
	await server?.stop();
	await Promise.all([smtp?.close(), sms?.close(), push?.close()]);
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(
	browser: Browser,
	locale: 'da' | 'ar',
	width = 1000
): Promise<{ page: Page; citizen: TestCitizen }> {
	const citizen = await createCitizen(dataDir);
	const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width, height: 900 } });
	const page = await context.newPage();
	await signIn(page, citizen, { locale });
	return { page, citizen };
}

const texts = {
	da: {
		linkSent: 'Vi har sendt et link til',
		confirmButton: 'Ja, bekræft',
		confirmedDone: 'Tak. Nu får du besked om ny post på',
		confirmed: 'Bekræftet:',
		codeSent: 'Vi har sendt en kode til',
		wrongCode: 'Koden passer ikke. Du har 4 forsøg tilbage.',
		notDanish: 'Vi kan kun bruge danske mobilnumre'
	},
	ar: {
		linkSent: 'أرسلنا رابطًا إلى',
		confirmButton: 'نعم، أكّد',
		confirmedDone: 'شكرًا. ستصلك الآن إشعارات البريد الجديد على',
		confirmed: 'تم التأكيد:',
		codeSent: 'أرسلنا رمزًا إلى',
		wrongCode: 'الرمز غير صحيح. المحاولات المتبقية:',
		notDanish: 'نستطيع استخدام أرقام الهواتف الدنماركية فقط'
	}
};

async function confirmEmailAndPhone(page: Page, locale: 'da' | 'ar') {
	const t = texts[locale];
	const prefix = locale === 'da' ? '' : `/${locale}`;
	await page.goto(`${prefix}/settings`);
	await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');

	// E-mail: the link arrives by e-mail; the page waits for it.
	const email = testEmail();
	await page.locator('#notify-email').fill(email);
	await page.locator('form[action="?/notifyEmail"] button[type="submit"]').click();
	await expect(page.getByText(t.linkSent)).toBeVisible();
	await expect(page.getByTestId('notify-email-status')).toContainText(email);
	await expectNoAxeViolations(page);
	const mail = await smtp.mails.waitFor((m) => m.to.includes(email));
	const link = /(https?:\/\/\S+\/notify\/confirm-email\?t=\S+)/.exec(mail.text)![1]!;
	expect(new URL(link).pathname).toBe(`${prefix}/notify/confirm-email`);
	await page.goto(link);
	await page.getByRole('button', { name: t.confirmButton }).click();
	await expect(page.getByText(t.confirmedDone)).toBeVisible();

	// Phone: a number from another country is refused with a clear message; a Danish one gets a code.
	await page.goto(`${prefix}/settings`);
	await expect(page.getByTestId('notify-email-status')).toContainText(t.confirmed);
	await page.locator('#notify-phone').fill('+46 70 123 45 67');
	await page.locator('form[action="?/notifyPhone"] button[type="submit"]').click();
	await expect(page.locator('#notify-phone-error')).toContainText(t.notDanish);
	await expect(page.locator('#notify-phone')).toHaveAttribute('aria-invalid', 'true');

	const phone = testPhone();
	const digits = phone.slice(3);
	await page
		.locator('#notify-phone')
		.fill(locale === 'da' ? digits.replace(/(\d{2})(?=\d)/g, '$1 ') : `+45 ${digits}`);
	await page.locator('form[action="?/notifyPhone"] button[type="submit"]').click();
	await expect(page.getByText(t.codeSent)).toBeVisible();
	const text = await sms.messages.waitFor((m) => m.msisdn === Number(phone.slice(1)));
	const code = /\b(\d{6})\b/.exec(text.message)![1]!;
	await page.locator('#notify-code').fill(code === '000000' ? '111111' : '000000');
	await page.locator('form[action="?/notifyPhoneCode"] button[type="submit"]').click();
	await expect(page.locator('#notify-code-error')).toContainText(t.wrongCode);
	await page.locator('#notify-code').fill(code);
	await page.locator('form[action="?/notifyPhoneCode"] button[type="submit"]').click();
	await expect(page.getByTestId('notify-sms-status')).toContainText(t.confirmed);
	await expect(page.getByTestId('notify-sms-status')).toContainText(digits.slice(-2));
	await expectNoAxeViolations(page);
	return { email, phone };
}

test('confirm an e-mail address and a phone number in Danish', async ({ browser }) => {
	test.setTimeout(120_000);
	const { page, citizen } = await signedIn(browser, 'da');
	const { email } = await confirmEmailAndPhone(page, 'da');

	// Now the notices go there.
	await deliverLetter(server.baseUrl, dataDir, letterInput(citizen.cpr));
	const notice = await smtp.mails.waitFor((m) => m.to.includes(email) && m.subject.startsWith('Ny post'));
	expect(notice.subject).toBe('Ny post fra Skattestyrelsen (SKAT)');
	await page.context().close();
});

test('confirm an e-mail address and a phone number in Arabic, on a 320 px screen', async ({ browser }) => {
	test.setTimeout(120_000);
	const { page } = await signedIn(browser, 'ar', 320);
	await confirmEmailAndPhone(page, 'ar');
	// Nothing wider than the screen: no sideways scrolling at 320 px.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await page.context().close();
});

test('a pushed notice shows in the citizen’s language and a click opens the mailbox', async ({ browser }) => {
	test.setTimeout(120_000);
	const { page, citizen } = await signedIn(browser, 'ar');
	const context = page.context();
	await context.grantPermissions(['notifications'], { origin: server.baseUrl });
	await page.goto('/ar/settings');
	await waitForServiceWorker(page);

	// This browser's push service cannot be reached under test, so the subscription names our local one,
	// with keys this test holds: the server's real, encrypted request is decrypted here.
	const keys = subscriptionKeys();
	const endpoint = `${push.url}/push/${randomUUID()}`;
	const added = await page.request.post('/api/v1/notify/devices', {
		data: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, name: 'هاتفي', locale: 'ar' }
	});
	expect(added.status()).toBe(201);
	await deliverLetter(
		server.baseUrl,
		dataDir,
		letterInput(citizen.cpr, { notification: 'Se din årsopgørelse.' })
	);
	const request = await push.requests.waitFor((r) => endpoint.endsWith(r.path));
	const payload = decryptPush(request.body, keys);

	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
	await cdp.send('ServiceWorker.enable');
	const ours = () => registrations.findLast((r) => r.scopeURL === `${server.baseUrl}/` && !r.isDeleted);
	await expect.poll(() => ours() !== undefined).toBe(true);
	const registrationId = ours()!.registrationId;
	await cdp.send('ServiceWorker.deliverPushMessage', {
		origin: server.baseUrl,
		registrationId,
		data: payload
	});

	const shown = () =>
		page.evaluate(async () => {
			const list = await (await navigator.serviceWorker.ready).getNotifications();
			return list.map((n) => ({
				title: n.title,
				body: n.body,
				lang: n.lang,
				dir: n.dir,
				data: n.data as unknown
			}));
		});
	await expect.poll(shown, { timeout: 30_000 }).toEqual([
		{
			title: 'بريد جديد من \u2068Skattestyrelsen (SKAT)\u2069',
			body: 'لديك بريد جديد من \u2068Skattestyrelsen (SKAT)\u2069.\nSe din årsopgørelse.',
			lang: 'ar',
			dir: 'rtl',
			data: { url: '/ar/mail' }
		}
	]);

	// A click on the notice (dispatched in the worker: there is no notification centre to click under test)
	// takes the open window to the mailbox.
	const [worker] = context.serviceWorkers();
	expect(worker).toBeDefined();
	await worker!.evaluate(async () => {
		const scope = globalThis as unknown as {
			registration: { getNotifications(): Promise<Notification[]> };
			dispatchEvent(event: Event): boolean;
			NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
		};
		const [notification] = await scope.registration.getNotifications();
		scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification: notification! }));
	});
	await page.waitForURL((url) => url.pathname === '/ar/mail');
	expect(await shown()).toEqual([]);

	// The device is listed by its name and can be removed.
	await page.goto('/ar/settings');
	const device = page.locator('.devices li', { hasText: 'هاتفي' });
	await expect(device).toBeVisible();
	await device.getByRole('button').click();
	await expect(page.locator('.devices li', { hasText: 'هاتفي' })).toHaveCount(0);
	await context.close();
});
