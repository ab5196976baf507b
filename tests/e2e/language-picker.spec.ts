import { expect, test } from '@playwright/test';

test('the language picker switches the page language and direction', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	await page.getByRole('link', { name: 'العربية' }).click();
	await expect(page).toHaveURL(/\/ar$/);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('بريدك الرقمي – حتى بدون إنترنت');
	await page.getByRole('link', { name: 'Українська' }).click();
	await expect(page).toHaveURL(/\/uk$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
	await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
});
