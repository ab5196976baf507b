import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { choose, heading, openWizard } from './support/wizard';

// No WCAG 2.x A/AA violations on any wizard step or outcome, in any locale.
const locales = ['da', 'en', 'ar', 'fa', 'tr', 'so', 'uk'];

/**
 * Runs axe on the whole page, or only on the wizard for steps where nothing else changed (the header is
 * checked on the first screen and on every outcome; this keeps the suite fast enough on a shared box).
 */
async function expectAccessible(page: Page, where: string, scope: 'page' | 'wizard' = 'wizard') {
	let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
	if (scope === 'wizard') builder = builder.include('.wizard-live');
	const results = await builder.analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary, `${where} (${await heading(page).innerText()})`).toEqual([]);
}

for (const locale of locales) {
	test(`every wizard screen is accessible in ${locale}`, async ({ page }) => {
		test.setTimeout(240_000);
		await openWizard(page, locale === 'da' ? '' : locale);
		await expectAccessible(page, 'intro', 'page');
		await choose(page, 'start');
		await expectAccessible(page, 'help first');
		await choose(page, 'yes');
		await expectAccessible(page, 'help advice');
		await choose(page, 'continue');
		await expectAccessible(page, 'already exempt?');
		await choose(page, 'yes');
		await expectAccessible(page, 'date');
		await page.locator('[data-answer="date"]').click();
		await expect(page.locator('.date-picker select[aria-invalid="true"]').first()).toBeVisible();
		await expectAccessible(page, 'date, nothing chosen');
		const selects = page.locator('.date-picker select');
		await selects.nth(0).selectOption('10');
		await selects.nth(1).selectOption('3');
		await selects.nth(2).selectOption('2016');
		await choose(page, 'date');
		for (let i = 0; i < 8; i++) {
			await expectAccessible(page, `question ${i + 1}`);
			await choose(page, i === 4 ? 'no' : i === 2 ? 'unsure' : 'yes');
		}
		await expectAccessible(page, 'outcome for a 2016 exemption', 'page');

		// Today's rules: a fitting ground, no ground, and only "not sure".
		await choose(page, 'restart');
		await choose(page, 'start');
		await choose(page, 'no');
		await choose(page, 'no');
		for (const a of ['no', 'yes', 'no', 'no', 'yes', 'no', 'yes', 'yes']) await choose(page, a);
		await expectAccessible(page, 'outcome: can be exempted', 'page');
		await choose(page, 'restart');
		await choose(page, 'start');
		await choose(page, 'no');
		await choose(page, 'no');
		for (const a of ['yes', 'yes', 'no', 'no', 'yes', 'no', 'yes', 'no']) await choose(page, a);
		await expectAccessible(page, 'outcome: no ground', 'page');
		await choose(page, 'back');
		await choose(page, 'unsure');
		await expectAccessible(page, 'outcome: not sure', 'page');
	});
}

test('the wizard and the folded language picker are accessible on a small screen', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await openWizard(page, 'ar');
	await page.locator('.language-picker summary').click();
	await expect(page.locator('.language-picker .compact').getByRole('link', { name: 'Dansk' })).toBeVisible();
	await expectAccessible(page, 'small screen, picker open', 'page');
	await choose(page, 'start');
	await expectAccessible(page, 'small screen, question', 'page');
});
