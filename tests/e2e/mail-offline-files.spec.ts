/**
 * Offline that tells the truth, and replies with a photo, on a phone (390×844) in Danish (and Somali for the
 * texts): the sync bar says the app is ready to work offline; an attachment that is not on the device says
 * "Needs internet" offline (no offline page inside the viewer); "Keep offline" keeps it; a reply with a photo
 * written offline keeps its draft through a reload and reaches the authority through the replies API with
 * its file. One signed-in browser context for the whole file.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { senderApiKey, signIn } from '../fixtures/citizens';
import { PREFETCH_LETTERS } from '../../src/lib/mail/files';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	deviceStorage,
	expectAllSaved,
	expectNoAxeViolations,
	type Device
} from './helpers/mail';
import { waitForServiceWorker } from './pwa-helpers';

const PHONE = { width: 390, height: 844 };
const baseUrl = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`;
const MAP = readFileSync('content/demo/images/street-map.png');
/** A photo as a phone camera hands it over (JPEG); the server checks its first bytes. */
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40_000, 0x37)]);

let phone: Device;
let letterId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	const citizen = await createCitizen(dataDir);
	const withMap = (label: string) => ({
		label,
		additionalDocuments: [
			{
				label: 'Kort',
				files: [
					{ encodingFormat: 'image/png' as const, filename: 'kort.png', content: MAP.toString('base64') }
				],
				actions: []
			}
		]
	});
	({ letterId } = await deliver(citizen, {
		...withMap('Kort over vejarbejde'),
		reply: true,
		replyByDateTime: new Date(Date.now() + 7 * 86_400_000).toISOString()
	}));
	// Newer letters with files, so this one is not among those whose files are fetched ahead.
	for (let i = 0; i < PREFETCH_LETTERS; i++) await deliver(citizen, withMap(`Nyere brev ${i + 1}`));
	phone = await device(browser, citizen);
	await phone.page.setViewportSize(PHONE);
});

test.afterAll(async () => {
	await phone?.context.close();
});

function fileRow(page: Page) {
	return page.locator('li.file', { hasText: 'kort.png' });
}

test('offline, an attachment not on the device says "Needs internet"; "Keep offline" keeps it', async () => {
	const { page, context } = phone;
	await waitForServiceWorker(page);
	// On a phone the sync bar's one line says it short; the whole sentence is behind its ⓘ button.
	await expect(page.locator('.sync-bar').getByText('Klar offline')).toBeVisible();
	await page.locator('.sync-bar .details-toggle').click();
	await expect(page.locator('#sync-details')).toContainText('Klar til at virke offline');

	await context.setOffline(true);
	await page.goto(`/mail/letter/${letterId}`);
	await expect(fileRow(page)).toContainText('Kræver internet');
	await fileRow(page).getByRole('button', { name: 'Vis her' }).click();
	await expect(fileRow(page).locator('.viewer')).toContainText('Filen er ikke gemt på denne enhed');
	await expect(fileRow(page).locator('.viewer img, .viewer iframe')).toHaveCount(0);
	await expect(page.locator('.sync-bar').getByText('Klar offline')).toBeVisible();
	await expectNoAxeViolations(page);

	await context.setOffline(false);
	await page.getByRole('button', { name: 'Gem offline' }).click();
	await expect(page.getByText('Brevets filer er gemt på denne enhed')).toBeVisible();
	await expect(fileRow(page)).toContainText('Kan ses offline');

	await context.setOffline(true);
	await page.reload();
	await expect(fileRow(page)).toContainText('Kan ses offline');
	await fileRow(page).getByRole('button', { name: 'Vis her' }).click();
	const image = fileRow(page).locator('.viewer img');
	await expect(image).toBeVisible();
	await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

	// The same truth in Somali (online: this device has kept Danish offline, not Somali, until a page in it asks).
	await context.setOffline(false);
	await page.goto(`/so/mail/letter/${letterId}`);
	await expect(fileRow(page)).toContainText("Internet la'aan waa la arki karaa");
	await expect(page.locator('.sync-bar').getByText('Diyaar offline')).toBeVisible();
	await expectNoAxeViolations(page);
});

test('a reply with a photo written offline keeps its draft, is sent online and arrives with its file', async () => {
	const { page, context } = phone;
	const text = `Her er et foto af skiltet ${Date.now()}.`;
	await context.setOffline(true);
	await page.goto(`/mail/write?replyTo=${letterId}`);
	await page.getByLabel('Besked').fill(text);
	await page.locator('input[type="file"]').setInputFiles({
		name: 'foto.jpg',
		mimeType: 'image/jpeg',
		buffer: PHOTO
	});
	await expect(page.locator('.attached')).toContainText('foto.jpg');
	await expect(page.getByText('Højst 8 MB pr. fil')).toBeVisible();
	await expect(page.getByText('Kladden er gemt på denne enhed.')).toBeVisible();
	await expectNoAxeViolations(page);

	// A file that breaks the rule is refused with its name, before anything is sent.
	await page.locator('input[type="file"]').setInputFiles({
		name: 'side.html',
		mimeType: 'text/html',
		buffer: Buffer.from('<p>x</p>')
	});
	await expect(page.getByRole('alert')).toContainText('side.html kan ikke sendes med');

	await page.reload();
	await expect(page.getByLabel('Besked')).toHaveValue(text);
	await expect(page.locator('.attached')).toContainText('foto.jpg');

	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page).toHaveURL(/\/mail\/outbox/);
	await expect(page.locator('main')).toContainText('foto.jpg');
	await context.setOffline(false);
	await expectAllSaved(page);

	let files: { filename: string; encodingFormat: string; content: string }[] = [];
	await expect
		.poll(async () => {
			const res = await fetch(new URL('/api/v1/replies?after=0&limit=500', baseUrl), {
				headers: { authorization: `Bearer ${senderApiKey(dataDir, 'skat')}` }
			});
			const { replies } = (await res.json()) as { replies: { body: string; files: typeof files }[] };
			files = replies.find((r) => r.body === text)?.files ?? [];
			return files.length;
		})
		.toBe(1);
	expect(files[0]).toMatchObject({ filename: 'foto.jpg', encodingFormat: 'image/jpeg' });
	expect(Buffer.from(files[0]!.content, 'base64').equals(PHOTO)).toBe(true);

	// The sent message is in the letter's thread, with its file; the draft is gone.
	await page.goto(`/mail/letter/${letterId}`);
	await expect(page.locator('.thread')).toContainText('foto.jpg');
	await page.goto(`/mail/write?replyTo=${letterId}`);
	await expect(page.getByLabel('Besked')).toHaveValue('');

	// A draft left on the device goes with everything else at sign-out.
	await page.getByLabel('Besked').fill('En kladde, der ikke må blive liggende.');
	await expect(page.getByText('Kladden er gemt på denne enhed.')).toBeVisible();
	const drafts = async () =>
		(await deviceStorage(page)).databases.filter((name) => name.startsWith('postkasse-drafts-'));
	expect(await drafts()).toHaveLength(1);
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.locator('.sync-bar').getByRole('button', { name: 'Log af' }).click();
	await expect(page).toHaveURL(/\/login$/);
	expect(await drafts()).toEqual([]);
});

test('until the service worker is in place the mailbox says it is getting ready, then that it is ready', async ({
	browser
}) => {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	// The worker's script is held back, so the page stays without one for as long as the test needs.
	let release: () => void = () => undefined;
	const held = new Promise<void>((resolve) => (release = resolve));
	await context.route('**/service-worker.js', async (route) => {
		await held;
		await route.continue();
	});
	try {
		const page = await context.newPage();
		await signIn(page, await createCitizen(dataDir));
		await expect(page.locator('.sync-bar')).toContainText('Gør klar til at virke offline');
		expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
		release();
		await expect(page.locator('.sync-bar .readiness')).toContainText('Klar til at virke offline', {
			timeout: 30_000
		});
		expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
	} finally {
		release();
		await context.close();
	}
});
