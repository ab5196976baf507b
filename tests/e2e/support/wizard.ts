import { expect, type Locator, type Page } from '@playwright/test';

export { progressKey } from '../../../src/lib/wizard/saved-progress';

/**
 * Opens the wizard (optionally in a locale) and waits until its page script is there: the wizard is live
 * with any saved progress restored, or it waits for its first use (then the first press brings it to life).
 */
export async function openWizard(page: Page, locale = ''): Promise<void> {
	await page.goto(locale ? `/${locale}/exemption` : '/exemption');
	await wizardSettled(page);
}

/** The wizard is live (saved progress restored), or waiting for its first use (no progress saved). */
export async function wizardSettled(page: Page): Promise<void> {
	await expect(
		page.locator('[data-island="wizard"][data-waiting], .wizard-live[data-ready]').first()
	).toBeAttached();
}

export function heading(page: Page): Locator {
	return page.locator('#wizard-heading');
}

/** Clicks an answer by its locale-independent id (yes, no, unsure, start, back, date, …). */
export async function choose(page: Page, answer: string): Promise<void> {
	const before = await heading(page).innerText();
	await page.locator(`.wizard-live [data-answer="${answer}"]`).click();
	if (answer !== 'print') await expect(heading(page)).not.toHaveText(before);
}

/** Presses Tab until `target` has focus (fails after `max` presses). Keyboard only, no clicks. */
export async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
	const handle = await target.elementHandle();
	for (let i = 0; i < max; i++) {
		if (await page.evaluate((el) => el === document.activeElement, handle)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Could not reach ${target} with Tab`);
}

/** The answers to the eight questions in order: device, internet, memory, body, danish, digitalId, address, abroad. */
export const noGroundAnswers = ['yes', 'yes', 'no', 'no', 'yes', 'no', 'yes', 'no'] as const;
