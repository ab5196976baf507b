import { expect, test } from '@playwright/test';
import { choose, heading, openWizard } from './support/wizard';

// Arabic and Farsi run right to left, with the outcome translated.
test('in Arabic the wizard is right-to-left and the outcome is translated', async ({ page }) => {
	await openWizard(page, 'ar');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(heading(page)).toHaveText('هل يمكن إعفاؤك من البريد الرقمي (Digital Post)؟');

	await choose(page, 'start');
	await expect(page.getByText('الخطوة 1 من 10')).toBeVisible();
	// Answers start at the right edge; the Back arrow points right (towards the start of the line).
	const answer = page.locator('[data-answer="yes"]');
	const box = await answer.boundingBox();
	const text = await answer.locator('span').boundingBox();
	expect(box && text && text.x + text.width > box.x + box.width / 2).toBe(true);
	await expect(page.locator('[data-answer="back"] svg')).toHaveCSS('transform', 'matrix(-1, 0, 0, 1, 0, 0)');
	await expect(page.locator('[data-answer="yes"] svg')).toHaveCSS('transform', 'none');

	await choose(page, 'no');
	await choose(page, 'no');
	// No device, no Danish, the rest not.
	for (const a of ['no', 'yes', 'no', 'no', 'no', 'no', 'yes', 'no']) await choose(page, a);
	await expect(heading(page)).toHaveText('يمكن إعفاؤك');
	const outcome = page.locator('.wizard-live');
	await expect(outcome).toContainText('ليس لديك في البيت حاسوب أو جهاز لوحي أو هاتف ذكي.');
	await expect(outcome).toContainText('لا تقرأ الدنماركية جيدًا بما يكفي.');
	await expect(outcome).toContainText('ليس له تاريخ انتهاء.');
	await expect(outcome).toContainText('اذهب إلى مكتب خدمة المواطنين (Borgerservice) في بلديتك.');
	await expect(outcome).toContainText('ليس عليك أن تذكر السبب.');
	await expect(outcome).toContainText('قسائم الراتب من جهة عمل عامة.');
	// No Danish sentence leaks into the Arabic outcome.
	await expect(outcome).not.toContainText('Borgerservice i din kommune');
	// No support phone in this build: Borgerservice and the public pages (in English), no number.
	await expect(outcome.locator('a[href^="tel:"]')).toHaveCount(0);
	await expect(
		outcome.locator('a[href="https://lifeindenmark.borger.dk/apps-and-digital-services/Digital-Post"]')
	).toContainText('lifeindenmark.borger.dk');
});

test('Farsi is right-to-left too, with dates in Farsi', async ({ page }) => {
	await openWizard(page, 'fa');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await choose(page, 'start');
	await choose(page, 'no');
	await choose(page, 'yes');
	await expect(heading(page)).toHaveText('معافیت را چه زمانی گرفتید؟');
	// Month names come from Intl in Farsi, in the Gregorian calendar the receipt uses.
	await expect(page.getByLabel('ماه').locator('option').nth(1)).toHaveText('ژانویه');
	await expect(page.getByLabel('سال').locator('option').nth(1)).toHaveText(/^[۰-۹]{4}$/);
	await page.getByLabel('روز').selectOption('31');
	await page.getByLabel('ماه').selectOption('12');
	await page.getByLabel('سال').selectOption('2016');
	await choose(page, 'date');
	for (const a of ['yes', 'yes', 'no', 'no', 'yes', 'no', 'no', 'no']) await choose(page, a);
	await expect(heading(page)).toHaveText('درباره معافیت شما');
	// Registered 31 December 2016: would have ended on 1 November 2018, but the time limit was removed on
	// 1 October 2017; dates in Farsi digits and month names.
	await expect(page.locator('.wizard-live')).toContainText('طبق قوانین قدیم، در ۱ نوامبر ۲۰۱۸ تمام می‌شد.');
	await expect(page.locator('.wizard-live')).toContainText('۱ اکتبر ۲۰۱۷');
});
