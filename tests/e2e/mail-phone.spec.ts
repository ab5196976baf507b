/**
 * A first-time user on a phone (390×844), in Danish and Somali: the letters come first, nothing scrolls
 * sideways (320 px, and 200 % text), the menus open, Settings is found, and keyboard focus lands where the
 * reader is. One signed-in browser context for the whole file.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	expectNoAxeViolations,
	samplePdf,
	type Device
} from './helpers/mail';

const PHONE = { width: 390, height: 844 };
const FIRST_PARAGRAPH = 'Vi har modtaget din ansøgning om boligstøtte og har nu behandlet den.';

let phone: Device;
let title: string;
let letterId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	const citizen = await createCitizen(dataDir);
	({ title, letterId } = await deliver(citizen, {
		label: 'Afgørelse om boligstøtte',
		legalNotification: true,
		reply: true,
		replyByDateTime: new Date(Date.now() + 3 * 86_400_000).toISOString(),
		caseID: 'SAG-2026-0042',
		mainDocument: {
			label: 'Afgørelse',
			files: [
				{
					encodingFormat: 'text/html',
					filename: 'brev.html',
					content: Buffer.from(
						`<p>${FIRST_PARAGRAPH}</p><p>Du får 1.250 kr. om måneden fra 1. januar.</p>`
					).toString('base64')
				},
				{
					encodingFormat: 'application/pdf',
					filename: 'afgoerelse.pdf',
					content: await samplePdf('Afgørelse')
				}
			],
			actions: [
				{
					label: 'Se din sag',
					actionCode: 'SELVBETJENING',
					url: 'https://kommune.example.dk/sag/42'
				}
			]
		}
	}));
	for (let i = 0; i < 3; i++) await deliver(citizen);
	phone = await device(browser, citizen);
	await phone.page.setViewportSize(PHONE);
});

test.afterAll(async () => {
	await phone?.context.close();
});

/** The element ends inside the first screen (no scrolling needed to see it). */
async function expectInFirstScreen(locator: Locator): Promise<void> {
	await expect(locator).toBeVisible();
	const box = await locator.boundingBox();
	const viewport = locator.page().viewportSize()!;
	expect(box, 'element has a box').not.toBeNull();
	expect(box!.y + box!.height, 'bottom edge').toBeLessThanOrEqual(viewport.height);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
	const sizes = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		client: document.documentElement.clientWidth
	}));
	expect(sizes.scroll, `${page.url()} is ${sizes.scroll}px wide in ${sizes.client}px`).toBeLessThanOrEqual(
		sizes.client
	);
}

function firstRow(page: Page): Locator {
	return page.locator('.letters li').first();
}

test('the first letter and the letter text are on the first screen, in Danish and Somali', async () => {
	const { page } = phone;
	for (const prefix of ['', '/so']) {
		await page.goto(`${prefix}/mail`);
		await expect(page.locator(`[data-letter="${letterId}"]`)).toBeVisible({ timeout: 20_000 });
		await expectInFirstScreen(firstRow(page));

		await page.goto(`${prefix}/mail/letter/${letterId}`);
		await expectInFirstScreen(page.getByText(FIRST_PARAGRAPH));
	}
});

test('the folder menu lists every folder with counts and leads to Settings; axe-clean open', async () => {
	const { page } = phone;
	await page.goto('/mail');
	const menu = page.getByRole('button', { name: /^Mapper/ });
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
	await expect(page.getByRole('link', { name: /^Arkiv/ })).toBeHidden();
	await menu.click();
	const folders = page.locator('#mail-folders');
	for (const name of ['Indbakke', 'Arkiv', 'Papirkurv', 'Udbakke', 'Sendt', 'Mine mapper', 'Indstillinger']) {
		await expect(folders.getByRole('link', { name: new RegExp(`^${name}`) })).toBeVisible();
	}
	await expect(folders.getByRole('link', { name: /^Indbakke/ })).toContainText('3 ulæste');
	await expect(folders.getByRole('button', { name: 'Log af' })).toBeVisible();
	await expectNoAxeViolations(page);
	await expectNoSidewaysScroll(page);
	await folders.getByRole('link', { name: 'Indstillinger' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Indstillinger' })).toBeVisible();
});

test('search opens in full width; an empty result says what to try', async () => {
	const { page } = phone;
	await page.goto('/so/mail');
	await page.getByRole('button', { name: 'Ka raadi warqadahaaga' }).click();
	const field = page.getByRole('searchbox');
	await expect(field).toBeVisible();
	const box = (await field.boundingBox())!;
	expect(box.width).toBeGreaterThan(PHONE.width * 0.6);
	await field.fill('zzqx');
	await field.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'zzqx' })).toBeVisible();
	await expect(page.getByText('Isku day eray kale.')).toBeVisible();
});

test('the letter keeps its answer as a big button and the rest under "More"; axe-clean in Somali', async () => {
	const { page } = phone;
	await page.goto(`/so/mail/letter/${letterId}`);
	await expect(page.getByRole('link', { name: 'Ka jawaab' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'U calaamadee sida aan la akhrin' })).toBeHidden();
	await page.getByRole('button', { name: 'Wax kale' }).click();
	await expect(page.getByRole('button', { name: 'U calaamadee sida aan la akhrin' })).toBeVisible();
	await expectNoAxeViolations(page);
	// The letter's own HTML is the letter, not an attachment; sizes are in kB.
	await expect(page.getByText('brev.html')).toHaveCount(0);
	await expect(page.locator('.file-name')).toContainText(/afgoerelse\.pdf\s*[\d.,]+\s*kB/);
});

test('no page scrolls sideways at 320 px, nor at 390 px with text at 200 %', async () => {
	const pages = [
		'/mail',
		`/mail/letter/${letterId}`,
		'/so/mail',
		`/so/mail/letter/${letterId}`,
		'/en/mail',
		'/uk/mail',
		'/mail/search?q=zzqx',
		'/settings',
		'/so/help',
		'/so'
	];
	const { page } = phone;
	await page.setViewportSize({ width: 320, height: 640 });
	try {
		for (const path of pages) {
			await page.goto(path);
			await expect(page.locator('main h1').first()).toBeVisible({ timeout: 20_000 });
			await expectNoSidewaysScroll(page);
		}
	} finally {
		await page.setViewportSize(PHONE);
	}
	const big = await phone.context.newPage();
	try {
		await big.setViewportSize(PHONE);
		await big.addInitScript(() => {
			addEventListener('DOMContentLoaded', () => (document.documentElement.style.fontSize = '200%'));
		});
		for (const path of pages) {
			await big.goto(path);
			await expect(big.locator('main h1').first()).toBeVisible({ timeout: 20_000 });
			await expectNoSidewaysScroll(big);
		}
	} finally {
		await big.close();
	}
});

test('keyboard: "Skip to letters" comes first; focus goes to the letter heading and back to its row', async () => {
	const { page } = phone;
	await page.goto('/mail');
	await expect(page.locator(`[data-letter="${letterId}"]`)).toBeVisible({ timeout: 20_000 });
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Gå til brevene' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.locator('#mail-content')).toBeFocused();

	await page.locator(`a[data-letter="${letterId}"]`).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeFocused();
	await page.getByRole('link', { name: 'Tilbage til Indbakke' }).click();
	await expect(page.locator(`a[data-letter="${letterId}"]`)).toBeFocused();
});

test('sign-in puts the keyboard in each step, clears a wrong password; sign-out says what was removed', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const context = await browser.newContext({ viewport: PHONE });
	const page = await context.newPage();
	try {
		await page.goto('/so/login');
		await expect(page.locator('#userId')).toBeFocused();
		await page.locator('#userId').fill(citizen.userId);
		await page.locator('#password').fill('not-the-password');
		await page.locator('#password').press('Enter');
		await expect(page.locator('.form-error')).toBeVisible();
		await expect(page.locator('#password')).toHaveValue('');
		await expect(page.locator('#password')).toBeFocused();
		await expect(page.locator('#userId')).toHaveValue(citizen.userId);
		await expect(
			page.getByRole('link', { name: 'Ma illowday erayga sirta ah, mise kaarka koodhadhka ayaa kaa lumay?' })
		).toHaveAttribute('href', '/so/help/forgot-password');

		await page.locator('#password').fill(citizen.password);
		await page.locator('#password').press('Enter');
		const key = await page.locator('[data-challenge-key]').getAttribute('data-challenge-key');
		await expect(page.locator('#code')).toBeFocused();
		await page.locator('#code').fill(citizen.codes[key!]!);
		await page.locator('#code').press('Enter');
		// The wrong password above is reported once after sign-in ("Someone tried to sign in").
		await expect(
			page.getByRole('heading', { level: 1, name: 'Qof ayaa isku dayay inuu soo galo' })
		).toBeVisible();
		await page.getByRole('link', { name: 'Sii wad' }).click();
		await expect(page).toHaveURL(/\/so\/mail$/);

		await page.getByRole('button', { name: /^Galalka/ }).click();
		await page.getByRole('button', { name: 'Ka bax' }).click();
		await expect(page).toHaveURL(/\/so\/login$/);
		await expect(page.getByText('Waad ka baxday.')).toBeVisible();
		await expect(
			page.getByText('Warqadahaaga, lifaaqyadaada iyo galalkaaga waa laga tirtiray qalabkan.')
		).toBeVisible();
		await expectNoAxeViolations(page);
		// Only once: a reload is an ordinary sign-in page again.
		await page.reload();
		await expect(page.getByText('Waad ka baxday.')).toHaveCount(0);
	} finally {
		await context.close();
	}
});
