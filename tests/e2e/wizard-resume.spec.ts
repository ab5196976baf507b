import { expect, test } from '@playwright/test';
import { choose, heading, openWizard, progressKey } from './support/wizard';
import { holdAppScripts } from './support/slow-scripts';

// Progress stays on the device, so closing and coming back resumes.
test('the wizard resumes after a reload and after closing the tab', async ({ page, context }) => {
	const requests: string[] = [];
	page.on('request', (r) => {
		if (r.method() !== 'GET') requests.push(`${r.method()} ${r.url()}`);
	});

	await openWizard(page, 'en');
	await choose(page, 'start');
	await choose(page, 'no');
	await choose(page, 'no');
	await choose(page, 'no'); // no device
	await choose(page, 'unsure'); // internet
	await expect(heading(page)).toHaveText(
		'Do problems with memory or understanding stop you from using Digital Post?'
	);

	await page.reload();
	await expect(page.locator('.wizard-live[data-ready]')).toBeAttached();
	await expect(heading(page)).toHaveText(
		'Do problems with memory or understanding stop you from using Digital Post?'
	);
	await expect(page.getByText('Step 5 of 10')).toBeVisible();

	// A new tab, as after closing the app.
	await page.close();
	const again = await context.newPage();
	await openWizard(again, 'en');
	await expect(heading(again)).toHaveText(
		'Do problems with memory or understanding stop you from using Digital Post?'
	);
	await choose(again, 'back');
	await expect(heading(again)).toHaveText('Can you get internet where you live?');
	await expect(again.locator('[data-answer="unsure"]')).toHaveAttribute('aria-pressed', 'true');

	const saved = await again.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), progressKey);
	expect(saved.state.answers).toEqual({ device: 'no', internet: 'unsure' });
	// Nothing was sent anywhere.
	expect(requests).toEqual([]);

	// Start again clears the saved progress.
	for (const a of ['unsure', 'no', 'no', 'yes', 'no', 'yes', 'no']) await choose(again, a);
	await choose(again, 'restart');
	await expect(heading(again)).toHaveText('Can you be exempted from Digital Post?');
	await again.reload();
	await expect(again.locator('.wizard-live[data-ready]')).toBeAttached();
	await expect(heading(again)).toHaveText('Can you be exempted from Digital Post?');
});

test('the browser Back button goes back one question', async ({ page }) => {
	await openWizard(page, 'en');
	await choose(page, 'start');
	await choose(page, 'no');
	await choose(page, 'no');
	await expect(heading(page)).toHaveText('Do you have a computer, tablet or smartphone at home?');
	await page.goBack();
	await expect(heading(page)).toHaveText('Do you already have an exemption?');
	await page.goBack();
	await expect(heading(page)).toHaveText('Would you rather get help?');
	await expect(page).toHaveURL(/\/en\/exemption$/);
	// Our own Back button and the browser's stay in step.
	await choose(page, 'no');
	await choose(page, 'back');
	await expect(heading(page)).toHaveText('Would you rather get help?');
	await page.goBack();
	await expect(heading(page)).toHaveText('Can you be exempted from Digital Post?');
});

test('a damaged saved state starts afresh instead of breaking', async ({ page }) => {
	await page.addInitScript((key) => localStorage.setItem(key, '{"state":{"path":["nowhere"]}}'), progressKey);
	await openWizard(page);
	await expect(heading(page)).toHaveText('Kan du blive fritaget for Digital Post?');
});

test.describe('a first visit', () => {
	// Without the worker, which would hand out the scripts at once.
	test.use({ serviceWorkers: 'block' });

	test('runs no wizard code until the first press, and that press is not lost', async ({ page }) => {
		await openWizard(page, 'en');
		// No progress on this device: the server's first screen, waiting for its first use.
		await expect(page.locator('[data-island="wizard"][data-waiting]')).toBeAttached();
		await expect(page.locator('.wizard-live[data-ready]')).toHaveCount(0);
		const release = await holdAppScripts(page);
		await page.locator('[data-answer="start"]').click();
		// The wizard's code is on its way (held back here): nothing has happened yet.
		await expect(page.locator('[data-island="wizard"][data-waiting]')).toHaveCount(0);
		await expect(heading(page)).toHaveText('Can you be exempted from Digital Post?');
		release();
		await expect(heading(page)).toHaveText('Would you rather get help?');
		await expect(heading(page)).toBeFocused();
		await expect(page.locator('.wizard-live[data-ready]')).toBeAttached();
	});
});
