import { expect, test } from '@playwright/test';
import { holdAppScripts, untilHydrated } from './support/slow-scripts';

test('the language picker switches the page language and direction', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	await page.getByRole('link', { name: 'العربية' }).click();
	await expect(page).toHaveURL(/\/ar$/);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('اقرأ بريدك – حتى بدون إنترنت');
	await page.getByRole('link', { name: 'Українська' }).click();
	await expect(page).toHaveURL(/\/uk$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
	await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
});

test('the picker keeps the current page and names each language in its own script', async ({ page }) => {
	await page.goto('/exemption');
	const links = page.locator('.language-picker .wide a');
	await expect(links).toHaveText([
		'Dansk',
		'English',
		'العربية',
		'فارسی',
		'Türkçe',
		'Soomaali',
		'Українська'
	]);
	await expect(page.locator('.language-picker .wide a[hreflang="fa"]')).toHaveAttribute(
		'href',
		'/fa/exemption'
	);
	await expect(page.locator('.language-picker .wide a[hreflang="fa"]')).toHaveAttribute('dir', 'rtl');
	await expect(page.locator('.language-picker .wide a[aria-current="true"]')).toHaveText('Dansk');
});

test('on a small screen the picker folds behind a globe and works with the keyboard', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto('/help');
	const summary = page.locator('.language-picker summary');
	await expect(summary).toBeVisible();
	await expect(summary).toContainText('Dansk');
	await expect(page.locator('.language-picker .wide')).toBeHidden();
	const box = await summary.boundingBox();
	expect(box!.height).toBeGreaterThanOrEqual(44);

	// Open with the keyboard, close with Escape (focus returns), open again and choose Türkçe.
	await summary.focus();
	await page.keyboard.press('Enter');
	const turkish = page.locator('.language-picker .compact').getByRole('link', { name: 'Türkçe' });
	await expect(turkish).toBeVisible();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Escape');
	await expect(turkish).toBeHidden();
	await expect(summary).toBeFocused();
	await page.keyboard.press('Enter');
	await turkish.focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/tr\/help$/);
	await expect(page.locator('.language-picker summary')).toContainText('Türkçe');
});

test('on a slow line, the help search and the picker work once the code arrives, with what was typed kept', async ({
	browser
}) => {
	// Without the worker, which would hand out the scripts at once.
	const context = await browser.newContext({
		serviceWorkers: 'block',
		viewport: { width: 360, height: 740 }
	});
	const page = await context.newPage();
	const release = await holdAppScripts(page);
	await page.goto('/en/help', { waitUntil: 'commit' });
	// Typed into the server's copy before the page's code has loaded.
	await page.getByRole('searchbox', { name: 'Search the help pages' }).pressSequentially('iphone');
	release();
	await untilHydrated(page);
	await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('1 article found');
	await expect(page.getByRole('list', { name: 'Help articles' }).getByRole('listitem')).toHaveCount(1);
	// The folded picker closes on Escape and gives focus back to its globe.
	const summary = page.locator('.language-picker summary');
	await summary.click();
	await expect(page.locator('.language-picker details')).toHaveAttribute('open', '');
	await page.keyboard.press('Escape');
	await expect(page.locator('.language-picker details')).not.toHaveAttribute('open', '');
	await expect(summary).toBeFocused();
	await context.close();
});
