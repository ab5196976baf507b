import { expect, test } from '@playwright/test';
import { choose, openWizard } from './support/wizard';
import { holdAppScripts } from './support/slow-scripts';

// "Read aloud" uses the browser's speech synthesis in the page's language and is hidden
// when the device has no voice for it. The voices are faked; the page's own code does the rest.
test.beforeEach(async ({ page }) => {
	await page.addInitScript(() => {
		const spoken: { text: string; lang: string; voice: string | undefined }[] = [];
		const voices = [
			{ lang: 'en-US', name: 'English', localService: true, default: true },
			{ lang: 'da-DK', name: 'Dansk', localService: true, default: false },
			{ lang: 'ar-SA', name: 'Arabic', localService: false, default: false }
		];
		// A real utterance only accepts voices the engine made, so the fake engine brings its own.
		class FakeUtterance {
			text: string;
			lang = '';
			voice: { name: string } | null = null;
			onend: (() => void) | null = null;
			onerror: (() => void) | null = null;
			constructor(text: string) {
				this.text = text;
			}
		}
		Object.defineProperty(window, 'SpeechSynthesisUtterance', { configurable: true, value: FakeUtterance });
		Object.defineProperty(window, 'speechSynthesis', {
			configurable: true,
			value: Object.assign(new EventTarget(), {
				getVoices: () => voices,
				speak: (u: SpeechSynthesisUtterance) =>
					spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name }),
				cancel: () => {}
			})
		});
		(window as unknown as { spoken: typeof spoken }).spoken = spoken;
	});
});

const spoken = (page: import('@playwright/test').Page) =>
	page.evaluate(
		() => (window as unknown as { spoken: { text: string; lang: string; voice: string }[] }).spoken
	);

test('reads the Danish screen with a Danish voice', async ({ page }) => {
	await openWizard(page);
	await choose(page, 'start');
	const button = page.locator('[data-answer="read-aloud"]');
	await expect(button).toHaveText('Læs op for mig');
	await button.click();
	await expect(button).toHaveText('Stop oplæsning');
	const [utterance] = await spoken(page);
	expect(utterance?.lang).toBe('da-DK');
	expect(utterance?.voice).toBe('Dansk');
	expect(utterance?.text).toContain('Vil du hellere have hjælp?');
	expect(utterance?.text).toContain('En, du stoler på, kan få lov at læse din Digital Post.');
	// Moving on stops the reading.
	await choose(page, 'no');
	await expect(button).toHaveText('Læs op for mig');
});

test('is offered in Arabic and hidden in Somali, which has no voice here', async ({ page }) => {
	await openWizard(page, 'ar');
	await expect(page.locator('[data-answer="read-aloud"]')).toHaveText('قراءة النص بصوت عالٍ');
	await page.locator('[data-answer="read-aloud"]').click();
	// The first press brings the wizard to life, then reads.
	await expect.poll(async () => (await spoken(page))[0]?.lang).toBe('ar-SA');

	await openWizard(page, 'so');
	await expect(page.locator('[data-answer="back"]')).toBeVisible();
	await expect(page.locator('[data-answer="read-aloud"]')).toBeHidden();
});

test.describe('before the wizard is live', () => {
	// Without the worker, which would hand out the scripts at once.
	test.use({ serviceWorkers: 'block' });

	test('is offered on the first screen, and a press then reads it once the wizard is live', async ({
		page
	}) => {
		await openWizard(page);
		await expect(page.locator('[data-island="wizard"][data-waiting]')).toBeAttached();
		const release = await holdAppScripts(page);
		const button = page.locator('[data-answer="read-aloud"]');
		await expect(button).toHaveText('Læs op for mig');
		await button.click();
		expect(await spoken(page)).toEqual([]);
		release();
		await expect(button).toHaveText('Stop oplæsning');
		const [utterance] = await spoken(page);
		expect(utterance?.voice).toBe('Dansk');
		expect(utterance?.text).toContain('Kan du blive fritaget for Digital Post?');
	});
});
