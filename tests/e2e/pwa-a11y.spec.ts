import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { helpArticles, homeOf, locales, prefixOf } from './pwa-helpers';

// WCAG 2.0 and 2.1, levels A and AA (what Danish public-sector web accessibility law asks for).
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

for (const locale of locales) {
	test(`${locale}: the start page, offline page and every help page have no axe violations`, async ({
		page
	}) => {
		test.setTimeout(180_000);
		const prefix = prefixOf(locale);
		const pages = [
			homeOf(locale),
			`${prefix}/help`,
			...helpArticles(locale).map((a) => `${prefix}/help/${a.slug}`),
			`${prefix}/offline`
		];
		for (const path of pages) {
			await page.goto(path);
			const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
			expect(
				violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) })),
				path
			).toEqual([]);
		}
	});
}

test('the help search results and the empty result have no axe violations', async ({ page }) => {
	await page.goto('/ar/help');
	await page.getByRole('searchbox').fill('MitID');
	await expect(page.getByRole('list', { name: 'مقالات المساعدة' }).getByRole('listitem')).not.toHaveCount(0);
	expect((await new AxeBuilder({ page }).withTags(tags).analyze()).violations).toEqual([]);
	await page.getByRole('searchbox').fill('zzzz');
	await expect(page.getByRole('list', { name: 'مقالات المساعدة' })).toHaveCount(0);
	expect((await new AxeBuilder({ page }).withTags(tags).analyze()).violations).toEqual([]);
});
