import { expect, test } from '@playwright/test';

// The chosen language is remembered on the device. The locale stays in the URL; opening an
// unprefixed page (the installed app starts at "/") brings the reader back to their language.
test('the last chosen language is used when an unprefixed page is opened', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');

	await page.getByRole('link', { name: 'العربية' }).click();
	await expect(page).toHaveURL(/\/ar$/);

	await page.goto('/');
	await expect(page).toHaveURL(/\/ar$/);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

	await page.goto('/exemption?from=start#main');
	await expect(page).toHaveURL(/\/ar\/exemption\?from=start#main$/);
	await expect(page.locator('#wizard-heading')).toHaveText('هل يمكن إعفاؤك من البريد الرقمي (Digital Post)؟');

	// A link with a locale in it still wins: the URL decides.
	await page.goto('/en/exemption');
	await expect(page).toHaveURL(/\/en\/exemption$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('choosing Danish is remembered too', async ({ page }) => {
	await page.goto('/uk');
	await page.getByRole('link', { name: 'Українська' }).click();
	await page.goto('/');
	await expect(page).toHaveURL(/\/uk$/);

	await page.getByRole('link', { name: 'Dansk' }).click();
	await expect(page).toHaveURL(/\/$/);
	await page.goto('/exemption');
	await expect(page).toHaveURL(/\/exemption$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	expect(await page.evaluate(() => localStorage.getItem('postkasse.locale'))).toBe('da');
});

test('without a remembered choice, unprefixed pages stay Danish', async ({ page }) => {
	await page.goto('/exemption');
	await expect(page).toHaveURL(/\/exemption$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
});
