import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { signIn, withDatabase } from '../fixtures/citizens';
import { TRACKER_HOST, remoteLoadCorpus, scriptCorpus } from '../fixtures/letter-html-corpus';
import { createCitizen, dataDir, deliver, expectMailbox, letterLink, samplePdf } from './helpers/mail';
import { choose, openWizard } from './support/wizard';
import { waitForServiceWorker } from './pwa-helpers';

/** Collects every Content-Security-Policy violation in every page and frame of the context. */
async function watchPolicy(context: BrowserContext): Promise<string[]> {
	const violations: string[] = [];
	await context.exposeBinding('reportPolicyViolation', ({ frame }, text: string) => {
		violations.push(`${frame.url()}: ${text}`);
	});
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { reportPolicyViolation?: (text: string) => void })
				.reportPolicyViolation;
			report?.(
				`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`
			);
		});
	});
	return violations;
}

/** Every URL the context asks for, the service worker's requests included. */
function watchRequests(context: BrowserContext): string[] {
	const urls: string[] = [];
	context.on('request', (request) => urls.push(request.url()));
	return urls;
}

/** Lets the browser start whatever the page just got (images, media, a refresh) before we look. */
async function settle(page: Page): Promise<void> {
	await page.waitForFunction(() => document.readyState === 'complete');
	await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

test('no page breaks the Content-Security-Policy in normal use', async ({ browser }) => {
	const citizen = await createCitizen(dataDir, { registered: false, optIns: [] });
	const { title } = await deliver(citizen, {
		mainDocument: {
			label: 'Afgørelse',
			files: [
				{
					encodingFormat: 'text/html',
					filename: 'brev.html',
					content: Buffer.from(
						'<h2>Afgørelse</h2><p>Du får <strong>ret</strong>. <a href="https://skat.dk">skat.dk</a></p>'
					).toString('base64')
				},
				{ encodingFormat: 'application/pdf', filename: 'bilag.pdf', content: await samplePdf('Bilag') }
			],
			actions: []
		}
	});
	const context = await browser.newContext();
	const violations = await watchPolicy(context);
	const page = await context.newPage();
	try {
		for (const path of ['/', '/en', '/help', '/en/help/what-is-digital-post', '/ar/offline']) {
			await page.goto(path);
			await expect(page.locator('main')).toBeVisible();
		}
		await waitForServiceWorker(page);
		await openWizard(page, 'fa');
		for (const answer of ['start', 'no', 'no', 'no']) await choose(page, answer);

		// Sign-in, the first-time registration, the mailbox, a letter with HTML and its PDF shown in the page.
		await signIn(page, citizen);
		await expectMailbox(page);
		await letterLink(page, title).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await page.getByRole('button', { name: 'Vis her' }).click();
		await expect(page.locator('iframe[title="bilag.pdf"]')).toBeVisible();
		await settle(page);
		await page.goto('/mail/write');
		await expect(page.locator('main form.compose')).toBeVisible();
		await page.goto('/settings');
		await expect(page.locator('main h1')).toBeVisible();
		await settle(page);
		expect(violations).toEqual([]);
	} finally {
		await context.close();
	}
});

test('letters full of remote references load nothing from anywhere but the app', async ({
	browser,
	baseURL
}) => {
	const citizen = await createCitizen(dataDir);
	const corpus = Object.values({ ...remoteLoadCorpus, ...scriptCorpus }).join('\n');
	const htmlDocument = (html: string) => ({
		label: 'Brev',
		files: [
			{
				encodingFormat: 'text/html' as const,
				filename: 'brev.html',
				content: Buffer.from(html).toString('base64')
			}
		],
		actions: []
	});
	// One letter through the sender API (the server's sanitizer), and one as if an old server or a tampered
	// store had let the raw HTML through: only the browser's sanitizer and the page's policy stand between.
	const viaApi = await deliver(citizen, {
		label: `Sporing ${randomUUID().slice(0, 6)}`,
		mainDocument: htmlDocument(corpus)
	});
	const tampered = await deliver(citizen, {
		label: `Rå ${randomUUID().slice(0, 6)}`,
		mainDocument: htmlDocument('<p>x</p>')
	});
	await withDatabase(dataDir, async (db) => {
		const stored = await db.value<string>('SELECT documents FROM letters WHERE id = $1', [tampered.letterId]);
		const documents = JSON.parse(stored!) as { bodyHtml: string }[];
		documents[0]!.bodyHtml = corpus;
		await db.run('UPDATE letters SET documents = $1 WHERE id = $2', [
			JSON.stringify(documents),
			tampered.letterId
		]);
	});

	const context = await browser.newContext();
	const requests = watchRequests(context);
	const violations = await watchPolicy(context);
	const page = await context.newPage();
	try {
		await signIn(page, citizen);
		await expectMailbox(page);
		for (const { title } of [viaApi, tampered]) {
			await page.goto('/mail');
			await letterLink(page, title).click();
			await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
			const body = page.locator('.document .body').first();
			await expect(body).toContainText('Betal');
			await settle(page);
			// Still on the letter: no refresh took the reader anywhere.
			expect(new URL(page.url()).pathname).toMatch(/^\/mail\/letter\//);
			expect(await body.innerHTML()).not.toContain(TRACKER_HOST);
			// The letter that passed the server's sanitizer has nothing left for the page's policy to block.
			// (The raw one makes the browser's sanitizer parse hostile markup in an inert document, which
			// Chromium reports to the page's policy although nothing runs or loads.)
			if (title === viaApi.title) expect(violations).toEqual([]);
		}
		const origin = new URL(baseURL!).origin;
		const elsewhere = requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin);
		expect(elsewhere).toEqual([]);
		// The watch is live: the app's own requests were seen.
		expect(requests.some((url) => url.includes('/api/sync/v1/letters/pull'))).toBe(true);
	} finally {
		await context.close();
	}
});

test('pages the service worker serves offline keep their security headers', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		await page.goto('/en/help');
		await waitForServiceWorker(page);
		await context.setOffline(true);
		for (const path of ['/en/help', '/en/mail/letter/not-cached', '/en/not-a-page']) {
			const response = await page.goto(path);
			expect(response?.fromServiceWorker(), path).toBe(true);
			const headers = response!.headers();
			expect(headers['x-frame-options']).toBe('DENY');
			expect(headers['x-content-type-options']).toBe('nosniff');
			expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
			expect(headers['content-security-policy']).toContain("script-src 'self' 'sha256-");
			expect(headers['permissions-policy']).toContain('camera=()');
		}
	} finally {
		await context.close();
	}
});
