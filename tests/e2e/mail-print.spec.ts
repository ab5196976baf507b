import { expect, test } from '@playwright/test';
import { createCitizen, dataDir, deliver, device, letterLink } from './helpers/mail';
import { pdfText } from './support/pdf-text';

/** Whitespace-free, so words wrapped onto two lines still match. */
const squash = (text: string) => text.replace(/\s+/g, '');

test('a printed letter has its sender, date, case number and text, without the app around it', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen, {
		label: 'Afgørelse om boligstøtte',
		caseID: 'SAG-2026-4711',
		mainDocument: {
			label: 'Afgørelse',
			files: [
				{
					encodingFormat: 'text/html',
					filename: 'brev.html',
					content: Buffer.from('<p>Du får boligstøtte fra den 1. januar.</p>').toString('base64')
				}
			],
			actions: []
		}
	});
	const { page, context } = await device(browser, citizen);
	try {
		await letterLink(page, title).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('.site-header')).toBeHidden();
		await expect(page.locator('.sync-bar')).toBeHidden();
		const text = squash(await pdfText(await page.pdf({ format: 'A4' })));
		for (const expected of ['Skattestyrelsen', title, 'SAG-2026-4711', 'Dufårboligstøttefraden1.januar.']) {
			expect(text).toContain(squash(expected));
		}
		// No navigation (its search box, sign-out), sync bar or buttons on paper.
		for (const absent of ['Søgidinebreve', 'Logaf', 'Altergemt', 'Arkivér', 'Markersomulæst']) {
			expect(text).not.toContain(absent);
		}
	} finally {
		await context.close();
	}
});
