import { expect, test, type Download } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	expectNoAxeViolations,
	letterLink,
	samplePdf
} from './helpers/mail';
import { waitForServiceWorker } from './pwa-helpers';

async function bytesOf(download: Download): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
	return new Uint8Array(Buffer.concat(chunks));
}

test('offline: forward a letter (sent when online again), export it as PDF and its folder as ZIP', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen, {
		label: 'Vurdering af din ejendom',
		caseID: 'SAG-2026-0815',
		mainDocument: {
			label: 'Vurdering',
			files: [
				{
					encodingFormat: 'text/html',
					filename: 'brev.html',
					content: Buffer.from('<p>Din ejendom er vurderet til 2,1 mio. kr.</p>').toString('base64')
				},
				{ encodingFormat: 'application/pdf', filename: 'vurdering.pdf', content: await samplePdf('Bilag 1') }
			],
			actions: []
		}
	});
	const { page, context } = await device(browser, citizen);
	try {
		await waitForServiceWorker(page);
		await letterLink(page, title).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

		// Online once: the dialog fetches (and keeps) the authority list. Cancel closes it and sends nothing.
		await page.getByRole('button', { name: 'Send videre' }).click();
		const dialog = page.getByRole('dialog', { name: 'Send brevet videre' });
		await expect(dialog.getByLabel('Til')).toBeVisible();
		await expectNoAxeViolations(page);
		await dialog.getByRole('button', { name: 'Fortryd' }).click();
		await expect(dialog).toBeHidden();

		await context.setOffline(true);
		await page.getByRole('button', { name: 'Send videre' }).click();
		await dialog.getByRole('button', { name: 'Send videre' }).click();
		await expect(dialog.getByText('Vælg, hvem beskeden skal til.')).toBeVisible();
		await dialog.getByLabel('Til').selectOption({ label: 'Københavns Kommune' });
		await dialog.getByLabel('Kommentar (kan udelades)').fill('Til orientering.');
		await dialog.getByRole('button', { name: 'Send videre' }).click();
		await expect(dialog).toBeHidden();
		await expect(page.getByRole('status').filter({ hasText: 'ligger i udbakken' })).toContainText(
			'Københavns Kommune, når du er online'
		);

		// The letter as a PDF, made on the device while offline.
		const pdfDownload = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Hent som PDF' }).click();
		const pdf = await pdfDownload;
		expect(pdf.suggestedFilename()).toBe('Vurdering af din ejendom.pdf');
		const { text } = await extractText(await getDocumentProxy(await bytesOf(pdf)), { mergePages: false });
		expect(text).toHaveLength(2);
		for (const expected of [
			title,
			'Fra: Skattestyrelsen (SKAT)',
			'Sagsnummer: SAG-2026-0815',
			'2,1 mio. kr.'
		])
			expect(text[0]).toContain(expected);
		expect(text[1]).toContain('Bilag 1');

		// The inbox as a ZIP, offline too: the letter's files and the index.
		await page.getByRole('link', { name: /Tilbage til Indbakke/ }).click();
		await expectNoAxeViolations(page);
		const zipDownload = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Hent mappen „Indbakke“ som ZIP' }).click();
		const entries = unzipSync(await bytesOf(await zipDownload));
		const names = Object.keys(entries);
		const dir = names.find((n) => n.endsWith('/vurdering.pdf'))!.split('/')[0]!;
		expect(dir).toContain('Vurdering af din ejendom');
		expect(names.sort()).toEqual(
			[`${dir}/brev.html`, `${dir}/vurdering.pdf`, 'letters.csv', 'letters.json'].sort()
		);
		const index = JSON.parse(strFromU8(entries['letters.json']!));
		expect(index).toMatchObject({
			missingFiles: 0,
			letters: [{ title, caseId: 'SAG-2026-0815', folder: 'Indbakke' }]
		});
		expect(strFromU8(entries['letters.csv']!)).toContain(`${dir}/brev.html; ${dir}/vurdering.pdf`);
		await expect(
			page.getByRole('status').filter({ hasText: 'ZIP-filen med 1 breve er hentet.' })
		).toBeVisible();

		// Back online, the forward leaves the outbox for "Sent".
		await page.getByRole('link', { name: 'Udbakke' }).click();
		await expect(page.locator('[data-status="waiting"]')).toContainText('Brev sendt videre');
		await context.setOffline(false);
		await expect(page.locator('[data-status="waiting"]')).toHaveCount(0, { timeout: 30_000 });
		await page.getByRole('link', { name: 'Sendt', exact: true }).first().click();
		await expect(page.locator('[data-status="sent"]')).toContainText('Københavns Kommune');

		// Arabic (right to left): the export section and the forward dialog.
		await page.goto('/ar/mail');
		await expect(page.getByRole('heading', { level: 1, name: 'صندوق الوارد' })).toBeVisible({
			timeout: 30_000
		});
		await expectNoAxeViolations(page);
		await letterLink(page, title).click();
		await page.getByRole('button', { name: 'إعادة توجيه' }).click();
		await expect(page.getByRole('dialog')).toBeVisible();
		await expectNoAxeViolations(page);
	} finally {
		await context.setOffline(false);
		await context.close();
	}
});
