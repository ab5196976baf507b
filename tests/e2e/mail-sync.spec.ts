import { expect, test } from '@playwright/test';
import { deliverMany, readDemo, signIn } from '../fixtures/citizens';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	expectAllSaved,
	expectMailbox,
	letterLink
} from './helpers/mail';

test('the demo citizen signs in with the code card and sees the demo letters', async ({ page }) => {
	const demo = readDemo(dataDir);
	await signIn(page, { ...demo.citizen, codes: demo.citizen.codeCard.codes });
	await expectMailbox(page);
	await expect(page.locator('.letter-row').first()).toBeVisible({ timeout: 30_000 });
	await expect(page.locator('.mail-nav')).toContainText('Indbakke');
});

test('a letter a sender posts appears in the open inbox without a reload', async ({ browser }) => {
	const citizen = await createCitizen(dataDir);
	const { context, page } = await device(browser, citizen);
	try {
		await expect(page.getByText('Der er ingen breve her.')).toBeVisible();
		const { title } = await deliver(citizen, { notification: 'Et nyt brev til dig' });
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
		await expect(letterLink(page, title)).toContainText('Ulæst');
		await expect(page.locator('.mail-nav a[aria-current="page"]')).toContainText('1 ulæst');
	} finally {
		await context.close();
	}
});

test('read on one device and moved on another: both devices end up with both changes', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen);
	const a = await device(browser, citizen);
	const b = await device(browser, citizen);
	try {
		for (const { page } of [a, b]) await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });

		// Device B opens the letter (which marks it read) and marks it unread again: the server holds "unread".
		await letterLink(b.page, title).click();
		await b.page.getByRole('button', { name: 'Marker som ulæst' }).click();
		await expect(b.page.getByRole('button', { name: 'Marker som læst' })).toBeVisible();
		await expectAllSaved(b.page);

		// B loses the network and files the letter in the archive.
		await b.context.setOffline(true);
		await b.page.getByRole('button', { name: 'Arkivér' }).click();
		await expect(b.page.getByText('Brevet ligger nu i Arkiv.')).toBeVisible();
		await expect(b.page.locator('.sync-bar')).toContainText('1 ændring venter');

		// Meanwhile device A reads it (opening marks it read) and that reaches the server.
		await letterLink(a.page, title).click();
		await expect(a.page.getByRole('button', { name: 'Marker som ulæst' })).toBeVisible();
		await expectAllSaved(a.page);

		// B comes back: the field merge keeps A's "read" and B's move.
		await b.context.setOffline(false);
		await expectAllSaved(b.page);
		for (const { page } of [a, b]) {
			await expect(page.locator('.facts')).toContainText('Arkiv', { timeout: 20_000 });
			await expect(page.getByRole('button', { name: 'Marker som ulæst' })).toBeVisible({ timeout: 20_000 });
		}
		// The letter is read and archived on the server too.
		const onServer = await a.page.evaluate(async (t) => {
			const res = await fetch('/api/sync/v1/letters/pull?checkpoint=0&limit=100&v=1');
			const body = (await res.json()) as { documents: { title: string; read: boolean; folder: string }[] };
			return body.documents.find((d) => d.title === t);
		}, title);
		expect(onServer).toMatchObject({ read: true, folder: 'archive' });
		await a.page.getByRole('link', { name: /^Arkiv/ }).click();
		await expect(letterLink(a.page, title)).toBeVisible();
		await expect(letterLink(a.page, title)).not.toContainText('Ulæst');
	} finally {
		await b.context.setOffline(false);
		await a.context.close();
		await b.context.close();
	}
});

test('own folders: create, file a letter, rename, delete (the letter goes back to the inbox)', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen);
	const a = await device(browser, citizen);
	try {
		const { page } = a;
		await page.getByRole('link', { name: 'Mine mapper' }).click();
		await page.getByLabel('Navn på ny mappe').fill('Bolig');
		await page.getByRole('button', { name: 'Opret mappe' }).click();
		await expect(page.getByText('Mappen »Bolig« er oprettet.')).toBeVisible();
		await page.getByLabel('Navn på ny mappe').fill('bolig');
		await page.getByRole('button', { name: 'Opret mappe' }).click();
		await expect(page.getByText('Du har allerede en mappe med det navn.')).toBeVisible();

		await page.getByRole('link', { name: /^Indbakke/ }).click();
		await letterLink(page, title).click();
		await page.getByLabel('Flyt til mappe').selectOption({ label: 'Bolig' });
		await page.getByRole('button', { name: 'Flyt', exact: true }).click();
		await expect(page.locator('.facts')).toContainText('Bolig');
		await expectAllSaved(page);

		await page.getByRole('link', { name: 'Mine mapper' }).click();
		await page.getByRole('button', { name: /^Omdøb\s*: Bolig$/ }).click();
		await page.getByLabel('Nyt navn').fill('Bolig og flytning');
		await page.getByRole('button', { name: 'Gem' }).click();
		await expect(page.locator('.mail-nav')).toContainText('Bolig og flytning');
		await page.getByRole('link', { name: 'Bolig og flytning' }).first().click();
		await expect(letterLink(page, title)).toBeVisible();

		await page.getByRole('link', { name: 'Mine mapper' }).click();
		await page.getByRole('button', { name: /^Slet\s*: Bolig og flytning$/ }).click();
		await page.getByRole('button', { name: /^Ja, slet mappen\s*: Bolig og flytning$/ }).click();
		await expect(page.getByText('Mappen »Bolig og flytning« er slettet.', { exact: false })).toBeVisible();
		await page.getByRole('link', { name: /^Indbakke/ }).click();
		await expect(letterLink(page, title)).toBeVisible();
		await expectAllSaved(page);

		// Another device sees the same end state.
		const b = await device(browser, citizen);
		await expect(letterLink(b.page, title)).toBeVisible({ timeout: 20_000 });
		await expect(b.page.locator('.mail-nav')).not.toContainText('Bolig');
		await b.context.close();
	} finally {
		await a.context.close();
	}
});

test('the first sync of a large mailbox shows its progress, then every letter', async ({ browser }) => {
	const citizen = await createCitizen(dataDir);
	// More than two pulls' worth, so the progress bar has something to show.
	await deliverMany(dataDir, citizen, 2_500);
	const context = await browser.newContext();
	// A slow line: each pull answers a second late, so the bar is on screen between pulls.
	await context.route('**/api/sync/v1/letters/pull**', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		await route.continue();
	});
	try {
		const page = await context.newPage();
		await signIn(page, citizen);
		const progress = page.locator('.sync-bar progress');
		await expect(progress).toBeVisible({ timeout: 30_000 });
		expect(Number(await progress.getAttribute('max'))).toBe(2_500);
		await expect(page.getByText(/Henter dine breve/)).toBeVisible();
		await expect(progress).toHaveCount(0, { timeout: 60_000 });
		await expect(page.locator('.mail-nav a[aria-current="page"]')).toContainText('2.500 ulæst');
	} finally {
		await context.close();
	}
});
