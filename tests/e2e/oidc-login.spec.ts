import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../scripts/free-port.js';
import { startBuiltServer } from '../../scripts/built-server.js';
import { createCitizen } from '../fixtures/citizens';
import { CPR_UUID_CLAIM, startTestBroker, type BrokerLoa, type TestBroker } from '../fixtures/oidc-broker';
import { expectMailbox, expectNoAxeViolations } from './helpers/mail';

/**
 * Sign-in through an identity broker, the whole way in Chromium: a real OpenID provider on 127.0.0.1 and a
 * second instance of the built server configured for it (the shared one stays without a broker).
 */
let broker: TestBroker;
let server: { baseUrl: string; stop: () => Promise<unknown> };
let dataDir: string;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const clientSecret = randomBytes(24).toString('base64url');
	broker = await startTestBroker([
		{
			clientId: 'postkasse',
			clientSecret,
			redirectUri: `${baseUrl}/login/oidc/callback`,
			postLogoutRedirectUri: `${baseUrl}/logout`
		}
	]);
	dataDir = mkdtempSync(join(tmpdir(), 'postkasse-oidc-'));
	server = await startBuiltServer({
		dataDir,
		port,
		env: {
			OIDC_ISSUER: broker.issuer,
			OIDC_CLIENT_ID: 'postkasse',
			OIDC_CLIENT_SECRET: clientSecret,
			OIDC_SCOPES: 'openid mitid',
			OIDC_SUBJECT_CLAIM: CPR_UUID_CLAIM
		}
	});
});

test.afterAll(async () => {
	await server?.stop();
	await broker?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** From our sign-in page to the broker's form, signs in there as this person. */
async function signInWithMitId(page: Page, person: { cpr?: string; name?: string; loa?: BrokerLoa }) {
	await page.goto(`${server.baseUrl}/login`);
	await page.getByRole('link', { name: 'Log på med MitID' }).click();
	await expect(page.getByRole('heading', { name: 'MitID (test)' })).toBeVisible();
	await page.getByLabel('CPR-nummer').fill(person.cpr ?? '');
	await page.getByLabel('Navn').fill(person.name ?? 'Test Borger');
	await page.getByLabel('Sikringsniveau').selectOption(person.loa ?? 'substantial');
	await page.getByRole('button', { name: 'Godkend' }).click();
}

test('the sign-in page offers MitID beside the code card only when a broker is configured', async ({
	page,
	baseURL
}) => {
	await page.goto(`${server.baseUrl}/login`);
	await expect(page.getByRole('link', { name: 'Log på med MitID' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Eller log på med dit nøglekort' })).toBeVisible();
	await expect(page.locator('#userId')).toBeVisible();
	await expectNoAxeViolations(page);
	// "Other people use this computer" goes along to the broker sign-in too.
	await page.getByLabel('Andre bruger også denne computer').check();
	await expect(page.getByRole('link', { name: 'Log på med MitID' })).toHaveAttribute(
		'href',
		'/login/oidc?shared=1'
	);

	await page.goto(`${baseURL}/login`);
	await expect(page.locator('#userId')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Log på med MitID' })).toHaveCount(0);
});

test('a known citizen signs in with MitID, and signing out ends the broker session too', async ({ page }) => {
	const citizen = await createCitizen(dataDir, { name: 'Kendt Borger' });
	await signInWithMitId(page, { cpr: citizen.cpr });
	await expect(page).toHaveURL(`${server.baseUrl}/mail`);
	await expectMailbox(page);

	await page.getByRole('button', { name: 'Log af' }).click();
	// Our session ends; the page sends the browser on to the broker's logout.
	await expect(page.getByRole('heading', { name: 'Log af MitID' })).toBeVisible({ timeout: 20_000 });
	await page.getByRole('button', { name: 'Log af' }).click();
	await expect(page).toHaveURL(`${server.baseUrl}/logout`);
	await expect(page.getByText('Du er ikke logget på.')).toBeVisible();
	expect((await page.request.get(`${server.baseUrl}/api/v1/session`)).status()).toBe(401);

	// The broker asks again: its session is gone, not only ours.
	await page.goto(`${server.baseUrl}/login`);
	await page.getByRole('link', { name: 'Log på med MitID' }).click();
	await expect(page.getByRole('heading', { name: 'MitID (test)' })).toBeVisible();
});

test('a citizen Postkasse does not know yet registers after the MitID sign-in', async ({ page }) => {
	await signInWithMitId(page, { cpr: '3102887766', name: 'Ny Borger' });
	await expect(page).toHaveURL(`${server.baseUrl}/register`);
	await expect(page.getByText('Ny Borger')).toBeVisible();
	await page.locator('main form button[type="submit"]').click();
	await expect(page).toHaveURL(`${server.baseUrl}/mail`);
	await expectMailbox(page);
});

test('a replayed callback, a replayed code and a wrong state are refused', async ({ page, context }) => {
	const citizen = await createCitizen(dataDir);
	// What the browser asked for: the broker's authorization requests (with our state) and our callbacks.
	const requested: URL[] = [];
	page.on('request', (request) => requested.push(new URL(request.url())));
	const last = (pathname: string) => requested.filter((url) => url.pathname === pathname).at(-1)!;
	const refusedWith = async (reason: string, text: string) => {
		await expect(page).toHaveURL(`${server.baseUrl}/login?oidc=${reason}`);
		await expect(page.getByRole('alert')).toHaveText(text);
	};

	await signInWithMitId(page, { cpr: citizen.cpr });
	await expect(page).toHaveURL(`${server.baseUrl}/mail`);
	const used = last('/login/oidc/callback');
	expect(used.searchParams.get('code')).toBeTruthy();
	// A new browser session, at the broker too, so the broker asks again below. The mailbox is left first: it
	// would notice its session gone and go to the sign-in page itself, in the middle of the next navigation.
	await page.goto('about:blank');
	await context.clearCookies();

	// The same callback again: that sign-in is used up.
	await page.goto(used.href);
	await refusedWith('state', 'Du blev ikke logget på. Prøv igen.');

	// The used code under the state of a fresh sign-in: the broker refuses to redeem it again.
	await page.getByRole('link', { name: 'Log på med MitID' }).click();
	await expect(page.getByRole('heading', { name: 'MitID (test)' })).toBeVisible();
	const replayed = new URL(used);
	replayed.searchParams.set('state', last('/auth').searchParams.get('state')!);
	await page.goto(replayed.href);
	await refusedWith('failed', 'Log på med MitID lykkedes ikke. Prøv igen.');

	// A callback whose state this browser never sent.
	await page.getByRole('link', { name: 'Log på med MitID' }).click();
	await expect(page.getByRole('heading', { name: 'MitID (test)' })).toBeVisible();
	const forged = new URL(used);
	forged.searchParams.set('state', 'not-the-state-we-sent');
	await page.goto(forged.href);
	await refusedWith('state', 'Du blev ikke logget på. Prøv igen.');
	expect((await page.request.get(`${server.baseUrl}/api/v1/session`)).status()).toBe(401);
});

test('a sign-in below substantial assurance, or a cancelled one, is refused with a clear message', async ({
	page
}) => {
	const citizen = await createCitizen(dataDir);
	await signInWithMitId(page, { cpr: citizen.cpr, loa: 'low' });
	await expect(page).toHaveURL(`${server.baseUrl}/login?oidc=loa`);
	await expect(page.getByRole('alert')).toHaveText(
		'Dit log på med MitID var ikke sikkert nok. Brug MitID-appen eller kodeviseren, og prøv igen.'
	);
	expect((await page.request.get(`${server.baseUrl}/api/v1/session`)).status()).toBe(401);

	// A new browser session at the broker, where the person cancels.
	await page.context().clearCookies();
	await page.getByRole('link', { name: 'Log på med MitID' }).click();
	await page.getByRole('button', { name: 'Afbryd' }).click();
	await expect(page).toHaveURL(`${server.baseUrl}/login?oidc=cancelled`);
	await expect(page.getByRole('alert')).toHaveText('Du stoppede log på hos MitID.');
});
