import { expect, test } from '@playwright/test';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	expectAllSaved,
	expectMailbox,
	letterLink,
	samplePdf
} from './helpers/mail';
import { waitForPacks } from './pwa-helpers';

test('offline: the mailbox and an opened attachment are still there after a reload, and changes sync later', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const pdfTitle = 'Bilag til din sag';
	const { title } = await deliver(citizen, {
		mainDocument: {
			label: 'Afgørelse',
			files: [
				{
					encodingFormat: 'application/pdf',
					filename: 'afgoerelse.pdf',
					language: 'da',
					content: await samplePdf(pdfTitle)
				}
			],
			actions: []
		}
	});
	const other = await deliver(citizen);
	const a = await device(browser, citizen);
	try {
		const { page, context } = a;
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
		await expect(letterLink(page, other.title)).toBeVisible();
		// The service worker must be in control, and have kept the mailbox's code (it does so after
		// sign-in), before the network goes away.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await waitForPacks(page, ['mail', 'mail-da']);

		// Opening the letter keeps its file on the device.
		await letterLink(page, title).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		const fileUrl = await page
			.getByRole('link', { name: /Åbn i ny fane\s*: afgoerelse\.pdf/ })
			.getAttribute('href');
		await expect.poll(() => page.evaluate(async (url) => !!(await caches.match(url!)), fileUrl)).toBe(true);
		await expectAllSaved(page);

		await context.setOffline(true);
		await page.goto('/mail');
		await expectMailbox(page);
		await expect(page.locator('.sync-bar')).toContainText('Offline');
		await expect(letterLink(page, title)).toBeVisible();
		await expect(letterLink(page, other.title)).toBeVisible();

		// A deep link reloads offline too, and the attachment opens from the device.
		await page.goto(`/mail/letter/${(await letterLink(page, title).getAttribute('data-letter'))!}`);
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible({ timeout: 20_000 });
		const file = await page.evaluate(async (url) => {
			const res = await fetch(url!);
			const bytes = new Uint8Array(await res.arrayBuffer());
			return {
				status: res.status,
				type: res.headers.get('content-type'),
				head: String.fromCharCode(...bytes.slice(0, 5))
			};
		}, fileUrl);
		expect(file).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
		await page.getByRole('button', { name: 'Vis her' }).click();
		await expect(page.locator(`iframe[title="afgoerelse.pdf"]`)).toBeVisible();

		// Offline: mark the other letter read and move this one to the archive.
		await page.getByRole('button', { name: 'Arkivér' }).click();
		await page.getByRole('link', { name: /^Indbakke/ }).click();
		await letterLink(page, other.title).click();
		await expect(page.getByRole('button', { name: 'Marker som ulæst' })).toBeVisible();
		await expect(page.locator('.sync-bar')).toContainText('2 ændringer venter');

		await context.setOffline(false);
		await expectAllSaved(page);

		// Another device, signed in separately, sees both changes.
		const b = await device(browser, citizen);
		try {
			await expect(letterLink(b.page, other.title)).toBeVisible({ timeout: 20_000 });
			await expect(letterLink(b.page, other.title)).not.toContainText('Ulæst');
			await expect(letterLink(b.page, title)).toHaveCount(0);
			await b.page.getByRole('link', { name: /^Arkiv/ }).click();
			await expect(letterLink(b.page, title)).toBeVisible();
		} finally {
			await b.context.close();
		}
	} finally {
		await a.context.setOffline(false);
		await a.context.close();
	}
});

test('a message written offline waits in the outbox and is sent when the network returns', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen, {
		reply: true,
		replyByDateTime: new Date(Date.now() + 3 * 86_400_000).toISOString()
	});
	const a = await device(browser, citizen);
	try {
		const { page, context } = a;
		await letterLink(page, title).click();
		await expect(page.locator('.notice.deadline')).toContainText('Svar snart');
		// Online once: the authority list is fetched (and kept), so a new message can be written offline later.
		await page.getByRole('link', { name: 'Udbakke' }).click();
		await expect(page.getByText('Du har ikke skrevet nogen beskeder endnu.')).toBeVisible();
		await page.getByRole('link', { name: 'Skriv ny besked' }).click();
		await expect(page.getByLabel('Til')).toBeVisible();
		await page.goBack();
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

		await context.setOffline(true);
		await page.getByRole('link', { name: 'Svar', exact: true }).click();
		await expect(page.getByLabel('Emne')).toHaveValue(`Sv: ${title}`);
		await page.getByLabel('Besked').fill('Tak for brevet. Jeg kommer gerne.');
		await page.getByRole('button', { name: 'Send' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Udbakke' })).toBeVisible();
		await expect(page.getByText('Den bliver sendt, når du er online igen.').first()).toBeVisible();

		await page.getByRole('link', { name: 'Skriv ny besked' }).click();
		await page.getByLabel('Til').selectOption({ label: 'Skattestyrelsen (SKAT)' });
		await page.getByLabel('Emne').fill('Spørgsmål om min forskudsopgørelse');
		await page.getByLabel('Besked').fill('Hvornår kan jeg ændre den?');
		await page.getByRole('button', { name: 'Send' }).click();
		await expect(page.locator('[data-status="waiting"]')).toHaveCount(2);

		await context.setOffline(false);
		// Sent messages leave the outbox (and its "will be sent" notice) for the separate "Sent" list.
		await expect(page.locator('[data-status="waiting"]')).toHaveCount(0, { timeout: 30_000 });
		await expect(page.getByText('Den bliver sendt, når du er online igen.')).toHaveCount(0);
		await page.getByRole('link', { name: 'Sendt', exact: true }).first().click();
		await expect(page.getByRole('heading', { level: 1, name: 'Sendt' })).toBeVisible();
		await expect(page.locator('[data-status="sent"]')).toHaveCount(2);
		await expect(page.locator('[data-status="sent"]').first()).toContainText('Sendt');
	} finally {
		await a.context.setOffline(false);
		await a.context.close();
	}
});
