import { expect, test } from '@playwright/test';
import { signIn } from '../fixtures/citizens';
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
		// the device stays). The next person signs in on the same browser.
		await context.clearCookies();
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

test('an ended session sends the citizen to sign in; the letters stay on the device until they do', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen);
	const { page, context } = await device(browser, citizen);
	try {
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
		// The server forgets the session (idle timeout): the next visit lands on the sign-in page.
		await context.clearCookies();
		await page.goto('/mail');
		await expect(page).toHaveURL(/\/login$/);
		const stored = await deviceStorage(page);
		expect(stored.databases.some((name) => name.startsWith('rxdb-dexie-postkasse-'))).toBe(true);
		expect(stored.local).toContain('postkasse.session');
		// Signing in again as the same person opens the mailbox that is already on the device.
		await signIn(page, citizen);
		await expectMailbox(page);
		await expect(letterLink(page, title)).toBeVisible();
	} finally {
		await context.close();
	}
});
