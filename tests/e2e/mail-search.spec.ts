import { expect, test, type Page } from '@playwright/test';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	deviceStorage,
	letterLink,
	samplePdf
} from './helpers/mail';

const htmlFile = (html: string) => ({
	encodingFormat: 'text/html' as const,
	filename: 'brev.html',
	content: Buffer.from(html).toString('base64')
});

/** How many letters the search index saved on the device holds (0 when none is saved). */
function savedIndexSize(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const name = (await indexedDB.databases()).find((d) => d.name?.startsWith('postkasse-search-'))?.name;
		if (!name) return 0;
		return new Promise<number>((resolve) => {
			const open = indexedDB.open(name);
			open.onsuccess = () => {
				const db = open.result;
				const get = db.transaction('index').objectStore('index').get('letters');
				get.onsuccess = () => {
					db.close();
					resolve((get.result as { ids?: string[] } | undefined)?.ids?.length ?? 0);
				};
			};
			open.onerror = () => resolve(0);
		});
	});
}

/** Searches from the search page's own form. */
async function search(page: Page, words: string): Promise<void> {
	await page.getByLabel('Søg efter').fill(words);
	await page.getByRole('button', { name: 'Vis breve' }).click();
}

test('offline: search finds a word inside a PDF, highlighted; Arabic; filters; the index goes at sign-out', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const inPdf = await deliver(citizen, {
		label: 'Afregning for vand',
		notification: '',
		mainDocument: {
			label: 'Afregning',
			files: [
				{
					encodingFormat: 'application/pdf',
					filename: 'afregning.pdf',
					content: await samplePdf('Vandafledningsbidrag for 2026: 3.120 kr.')
				}
			],
			actions: []
		}
	});
	const arabic = await deliver(citizen, {
		label: 'إعفاء من البريد الرقمي',
		notification: '',
		legalNotification: true,
		mainDocument: {
			label: 'قرار',
			files: [htmlFile('<p>تمت الموافقة على طلبك للإعفاء من الضريبة.</p>')],
			actions: []
		}
	});
	const housing = await deliver(citizen, {
		label: 'Din ansøgning',
		notification: '',
		reply: true,
		replyByDateTime: new Date(Date.now() + 10 * 86_400_000).toISOString(),
		mainDocument: {
			label: 'Afgørelse',
			files: [htmlFile('<p>Du får boligstøtten fra næste måned.</p>')],
			actions: []
		}
	});

	const { page, context } = await device(browser, citizen);
	try {
		await expect(letterLink(page, inPdf.title)).toBeVisible({ timeout: 20_000 });
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		// The index loads when search is first used (the first screen of letters does without it), and is
		// kept on the device once it holds every letter.
		expect(await savedIndexSize(page)).toBe(0);
		await page.getByRole('searchbox', { name: 'Søg i dine breve' }).focus();
		await expect.poll(() => savedIndexSize(page), { timeout: 20_000 }).toBe(3);

		// A cold start offline: the saved index answers, and the excerpt comes from the PDF's text.
		await context.setOffline(true);
		await page.goto('/mail/search?q=vandafledningsbidrag');
		const hits = page.locator('.letters > li');
		await expect(hits).toHaveCount(1, { timeout: 20_000 });
		await expect(hits.first().getByRole('link')).toContainText(inPdf.title);
		await expect(hits.first().locator('mark')).toHaveText('Vandafledningsbidrag');

		// Danish word forms, Arabic letter forms, and filters.
		await search(page, 'boligstøtte');
		await expect(hits).toHaveCount(1);
		await expect(hits.first().getByRole('link')).toContainText(housing.title);
		await expect(hits.first().locator('mark')).toHaveText('boligstøtten');

		await search(page, 'الضريبه');
		await expect(hits).toHaveCount(1);
		await expect(hits.first().getByRole('link')).toContainText(arabic.title);
		await expect(hits.first().locator('mark')).toHaveText('الضريبة');

		await search(page, '');
		await page.getByLabel('Kun juridiske meddelelser').check();
		await page.getByRole('button', { name: 'Vis breve' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'passer på dine valg' })).toHaveText(
			'1 brev passer på dine valg'
		);
		await expect(hits.first().getByRole('link')).toContainText(arabic.title);
		await page.getByLabel('Kun juridiske meddelelser').uncheck();
		await page.getByLabel('Kun breve med en frist').check();
		await page.getByRole('button', { name: 'Vis breve' }).click();
		await expect(hits).toHaveCount(1);
		await expect(hits.first().getByRole('link')).toContainText(housing.title);
		await page.getByLabel('I mappe').selectOption({ label: 'Arkiv' });
		await page.getByRole('button', { name: 'Vis breve' }).click();
		await expect(hits).toHaveCount(0);

		// Signing out takes the saved index with the rest of the citizen's data.
		await context.setOffline(false);
		await page.getByRole('button', { name: 'Log af' }).click();
		await expect(page).toHaveURL(/\/login/, { timeout: 20_000 });
		const stored = await deviceStorage(page);
		expect(stored.databases.filter((n) => n.includes('postkasse'))).toEqual([]);
	} finally {
		await context.close();
	}
});
