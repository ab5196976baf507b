import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../fixtures/citizens';
import { waitForPacks, waitForServiceWorker } from './pwa-helpers';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	deviceStorage,
	expectMailbox,
	letterLink,
	samplePdf
} from './helpers/mail';

/** Nothing of any citizen is left in this browser profile. */
async function expectNothingStored(page: Page): Promise<void> {
	await expect
		.poll(async () => {
			const stored = await deviceStorage(page);
			return [
				...stored.databases.filter((name) => name.startsWith('rxdb')),
				...stored.caches.filter((name) => name.startsWith('postkasse-files-')),
				...stored.local.filter((key) => key.startsWith('postkasse.') && key !== 'postkasse.locale')
			];
		})
		.toEqual([]);
}

/** Offline, the mailbox has nobody to show. */
async function expectNoMailboxOffline(page: Page, title: string): Promise<void> {
	await page.context().setOffline(true);
	try {
		await page.goto('/mail');
		await expect(page.getByRole('heading', { name: 'Du er ikke logget på' })).toBeVisible();
		await expect(letterLink(page, title)).toHaveCount(0);
	} finally {
		await page.context().setOffline(false);
	}
}

const pdfLetter = async () => ({
	mainDocument: {
		label: 'Brev',
		files: [
			{
				encodingFormat: 'application/pdf' as const,
				filename: 'brev.pdf',
				content: await samplePdf('Hej')
			}
		],
		actions: []
	}
});

test('signing out leaves no mailbox database, no file cache and no cached session behind', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen, await pdfLetter());
	const { page, context } = await device(browser, citizen);
	try {
		await letterLink(page, title).click();
		await expect
			.poll(async () => (await deviceStorage(page)).caches)
			.toContain(`postkasse-files-${citizen.citizenId}`);
		const before = await deviceStorage(page);
		expect(before.databases.some((name) => name.startsWith('rxdb-dexie-postkasse-'))).toBe(true);
		expect(before.local).toContain('postkasse.session');

		await page.getByRole('button', { name: 'Log af' }).click();
		await expect(page).toHaveURL(/\/login$/);
		const after = await deviceStorage(page);
		expect(after.databases.filter((name) => name.startsWith('rxdb'))).toEqual([]);
		expect(after.caches.filter((name) => name.startsWith('postkasse-files-'))).toEqual([]);
		expect(after.local.filter((key) => key.startsWith('postkasse.'))).toEqual([]);
		const session = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
		expect(session).toBe(401);
	} finally {
		await context.close();
	}
});

test('signing out on the settings page also leaves nothing behind, offline included', async ({ browser }) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen, await pdfLetter());
	const { page, context } = await device(browser, citizen);
	try {
		await letterLink(page, title).click();
		await expect
			.poll(async () => (await deviceStorage(page)).caches)
			.toContain(`postkasse-files-${citizen.citizenId}`);
		await page.goto('/settings');
		await page.getByRole('button', { name: 'Log af' }).click();
		await expect(page).toHaveURL(/\/login$/);
		await expectNothingStored(page);
		expect(await page.evaluate(async () => (await fetch('/api/v1/session')).status)).toBe(401);
		// The service worker's mail shell opens offline, and finds nobody's letters.
		await expectNoMailboxOffline(page, title);
	} finally {
		await context.close();
	}
});

test('a shared-computer sign-in keeps nothing on the device', async ({ browser }) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen, await pdfLetter());
	const { page, context } = await device(browser, citizen, { sharedComputer: true });
	try {
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
		await letterLink(page, title).click();
		await expect(page.getByRole('button', { name: 'Marker som ulæst' })).toBeVisible();
		const stored = await deviceStorage(page);
		expect(stored.databases.filter((name) => name.startsWith('rxdb'))).toEqual([]);
		expect(stored.caches.filter((name) => name.startsWith('postkasse-files-'))).toEqual([]);
		expect(stored.local.filter((key) => key.startsWith('postkasse.'))).toEqual([]);
	} finally {
		await context.close();
	}
});

test("a different person signing in on the same browser never sees the previous person's letters", async ({
	browser
}) => {
	const first = await createCitizen(dataDir);
	const second = await createCitizen(dataDir);
	const mine = await deliver(first);
	const theirs = await deliver(second);
	const { page, context } = await device(browser, first);
	try {
		await expect(letterLink(page, mine.title)).toBeVisible({ timeout: 20_000 });
		// The first person leaves without signing out and their session runs out (the cookie goes; the data on
		// the device stays). The next person opens the sign-in page: the previous person's data goes first.
		await context.clearCookies();
		await page.goto('/login');
		await expectNothingStored(page);
		await signIn(page, second);
		await expectMailbox(page);
		await expect(letterLink(page, theirs.title)).toBeVisible({ timeout: 20_000 });
		await expect(letterLink(page, mine.title)).toHaveCount(0);
		const stored = await deviceStorage(page);
		const owners = new Set(
			stored.databases.map((name) => /^rxdb-dexie-postkasse-(.+?)--/.exec(name)?.[1]).filter(Boolean)
		);
		expect([...owners]).toEqual([second.citizenId.toLowerCase().replace(/[^a-z0-9]/g, '-')]);
		expect(stored.local).not.toContain(`postkasse.snapshot.${first.citizenId}`);
	} finally {
		await context.close();
	}
});

test('a session that ended, noticed online, takes the letters off the device and says what was lost', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen);
	const { page, context } = await device(browser, citizen);
	try {
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
		// Offline, the letter page comes from the service worker's copy: wait until the mailbox's pack is there.
		await waitForServiceWorker(page);
		await waitForPacks(page, ['mail', 'mail-da']);
		// A change made without network, and then the server forgets the session (idle timeout).
		await context.setOffline(true);
		await letterLink(page, title).click();
		await expect(page.locator('.sync-bar')).toContainText('1 ændring venter');
		await context.clearCookies();
		await context.setOffline(false);
		// Back online, the mailbox learns the session has ended: the device's copy goes, the sign-in page says
		// the change was not saved.
		await expect(page).toHaveURL(/\/login$/, { timeout: 30_000 });
		await expect(page.getByRole('status')).toContainText('ændringer, du lavede uden internet, ikke gemt');
		await expectNothingStored(page);
		// Signing in again brings the letters back from the server.
		await signIn(page, citizen);
		await expectMailbox(page);
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
	} finally {
		await context.close();
	}
});
