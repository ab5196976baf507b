import { expect, test, type Page } from '@playwright/test';
import { pdfText } from './support/pdf-text';
import { choose, heading, openWizard } from './support/wizard';

// The printable summary has the reader's language and Danish side by side, and every
// script prints (checked in the PDF Chromium makes from the print stylesheet).

/** Whitespace-free, so words wrapped onto two lines still match. */
const squash = (text: string) => text.replace(/\s+/g, '');

async function toOutcome(page: Page, locale: string) {
	await openWizard(page, locale);
	await choose(page, 'start');
	await choose(page, 'no'); // help first
	await choose(page, 'no'); // not exempt yet
	// No device (a ground), the rest not.
	for (const a of ['no', 'yes', 'no', 'no', 'yes', 'no', 'yes', 'no']) await choose(page, a);
}

async function printedText(page: Page) {
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.print-summary')).toBeVisible();
	await expect(page.locator('.wizard-live')).toBeHidden();
	await expect(page.locator('.site-header')).toBeHidden();
	const pdf = await page.pdf({ format: 'A4' });
	expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
	return pdfText(pdf);
}

test('the Arabic summary prints Arabic beside Danish', async ({ page }) => {
	await toOutcome(page, 'ar');
	await expect(heading(page)).toHaveText('يمكن إعفاؤك');

	// The button opens the browser's print dialog.
	await page.evaluate(() => {
		window.print = () => document.body.setAttribute('data-printed', 'yes');
	});
	await page.locator('[data-answer="print"]').click();
	await expect(page.locator('body')).toHaveAttribute('data-printed', 'yes');

	const columns = page.locator('.print-summary article');
	await page.emulateMedia({ media: 'print' });
	await expect(columns).toHaveCount(2);
	await expect(columns.nth(0)).toHaveAttribute('dir', 'rtl');
	await expect(columns.nth(1)).toHaveAttribute('lang', 'da');

	const text = await printedText(page);
	const flat = squash(text);
	for (const danish of [
		'Oversigt til Borgerservice',
		'Du kan blive fritaget',
		'Du har ikke en computer, tablet eller smartphone derhjemme.',
		'Gå til Borgerservice i din kommune.',
		'Tag ID med: dit sundhedskort, pas eller kørekort.',
		'Brug for hjælp? Spørg Borgerservice i din kommune.',
		'Læs om Digital Post på borger.dk'
	]) {
		expect(flat, danish).toContain(squash(danish));
	}
	// Arabic is drawn right to left; each word must be there, in its own letters.
	for (const arabic of ['ملخص لمكتب خدمة المواطنين', 'يمكن إعفاؤك', 'أحضر هوية', 'البطاقة الصحية']) {
		for (const word of arabic.split(' ')) expect(flat, `${arabic}: ${word}`).toContain(word);
	}
	expect(text.match(/[\u0600-\u06ff]/g)?.length ?? 0).toBeGreaterThan(300);
	// This build has no support phone: no number is printed in either language.
	expect(flat).not.toMatch(/\+45/);
});

test('the Ukrainian summary prints Cyrillic beside Danish', async ({ page }) => {
	await toOutcome(page, 'uk');
	await expect(heading(page)).toHaveText('Вас можна звільнити');
	const flat = squash(await printedText(page));
	for (const phrase of [
		'Підсумок для центру обслуговування громадян (Borgerservice)',
		'Вас можна звільнити',
		'Візьміть документ: картку медичного страхування (sundhedskort), паспорт або посвідчення водія.',
		'Oversigt til Borgerservice',
		'Du kan blive fritaget'
	]) {
		expect(flat, phrase).toContain(squash(phrase));
	}
});

test('the Danish summary prints once, in Danish', async ({ page }) => {
	await toOutcome(page, '');
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.print-summary article')).toHaveCount(1);
	const flat = squash(await printedText(page));
	expect(flat).toContain(squash('Oversigt til Borgerservice'));
	expect(flat.split(squash('Oversigt til Borgerservice')).length).toBe(2);
});
