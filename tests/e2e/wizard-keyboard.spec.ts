import { expect, test } from '@playwright/test';
import { heading, openWizard, tabTo } from './support/wizard';

// Complete the wizard in Danish with the keyboard only.
test('the Danish wizard can be completed with the keyboard only', async ({ page }) => {
	await openWizard(page);
	const answer = (id: string) => page.locator(`.wizard-live [data-answer="${id}"]`);

	async function press(id: string, expectedHeading: string | RegExp) {
		await tabTo(page, answer(id));
		await page.keyboard.press('Enter');
		await expect(heading(page)).toHaveText(expectedHeading);
		// Focus moves to the new question, so the next Tab reaches its answers.
		await expect(heading(page)).toBeFocused();
	}

	await expect(heading(page)).toHaveText('Kan du blive fritaget for Digital Post?');
	await press('start', 'Vil du hellere have hjælp?');
	await expect(page.getByText('Trin 1 af 10')).toBeVisible();
	await press('no', 'Er du allerede fritaget?');
	await press('no', 'Har du en computer, tablet eller smartphone derhjemme?');
	await press('no', 'Kan du få internet, der hvor du bor?');
	// Back, then forward again: the answer given before is kept and marked.
	await press('back', 'Har du en computer, tablet eller smartphone derhjemme?');
	await expect(answer('no')).toHaveAttribute('aria-pressed', 'true');
	await press('no', 'Kan du få internet, der hvor du bor?');
	await press('yes', /Har du svært ved at huske eller forstå/);
	await press('unsure', 'Har du et fysisk handicap, så du ikke kan bruge Digital Post?');
	await press('no', 'Læser du dansk godt nok til at bruge Digital Post?');
	await press('yes', 'Er det svært for dig at få MitID?');
	await press('no', 'Har du en fast adresse?');
	await press('yes', 'Er du flyttet ud af Danmark?');
	await expect(page.getByText('Trin 10 af 10')).toBeVisible();
	await press('no', 'Du kan blive fritaget');

	const main = page.locator('.wizard-live');
	await expect(main).toContainText('Du har ikke en computer, tablet eller smartphone derhjemme.');
	await expect(main).toContainText('Den har ingen slutdato.');
	await expect(main).toContainText('Lønsedler fra en offentlig arbejdsgiver.');
	await expect(main).toContainText('Gå til Borgerservice i din kommune.');
	await expect(main).toContainText('Tag ID med: dit sundhedskort, pas eller kørekort.');
	await expect(main).toContainText('Skriv under på en fuldmagt.');
	await expect(main).toContainText('Du var ikke sikker på 1 spørgsmål.');
	// This build has no support phone: the wizard points to Borgerservice and borger.dk, never a number.
	await expect(main).toContainText('Brug for hjælp? Spørg Borgerservice i din kommune.');
	await expect(main.getByRole('link', { name: 'Læs om Digital Post på borger.dk' })).toHaveAttribute(
		'href',
		'https://www.borger.dk'
	);
	await expect(main.locator('a[href^="tel:"]')).toHaveCount(0);

	// Start again with the keyboard.
	await press('restart', 'Kan du blive fritaget for Digital Post?');
});

test('an older exemption date is chosen with the keyboard', async ({ page }) => {
	await openWizard(page);
	const answer = (id: string) => page.locator(`.wizard-live [data-answer="${id}"]`);
	for (const [id, next] of [
		['start', 'Vil du hellere have hjælp?'],
		['no', 'Er du allerede fritaget?'],
		['yes', 'Hvornår blev du fritaget?']
	] as const) {
		await tabTo(page, answer(id));
		await page.keyboard.press('Enter');
		await expect(heading(page)).toHaveText(next);
	}

	// "Next" without a date explains what is missing and moves focus to it.
	await tabTo(page, answer('date'));
	await page.keyboard.press('Enter');
	await expect(page.getByText('Vælg en dag, en måned og et år.')).toBeVisible();
	const day = page.getByLabel('Dag');
	await expect(day).toBeFocused();

	// Type-ahead on the focused selects: 10 March 2016.
	await page.keyboard.type('10');
	await page.keyboard.press('Tab');
	await page.keyboard.type('marts');
	await page.keyboard.press('Tab');
	await page.keyboard.type('2016');
	await expect(day).toHaveValue('10');
	await expect(page.getByLabel('Måned')).toHaveValue('3');
	await expect(page.getByLabel('År')).toHaveValue('2016');
	await tabTo(page, answer('date'));
	await page.keyboard.press('Enter');
	await expect(heading(page)).toHaveText('Har du en computer, tablet eller smartphone derhjemme?');

	// The 2016 rules: the time limit (1 November 2018) was removed on 1 October 2017, before it came.
	// The digital-ID question asks about MitID and says NemID was used back then.
	const steps = ['yes', 'yes', 'no', 'no', 'no', 'no', 'yes', 'no'];
	for (const [i, id] of steps.entries()) {
		if (i === 5) {
			await expect(heading(page)).toHaveText('Er det svært for dig at få MitID?');
			await expect(page.locator('.wizard-live')).toContainText('Da du blev fritaget, brugte man NemID.');
		}
		await tabTo(page, answer(id));
		await page.keyboard.press('Enter');
	}
	await expect(heading(page)).toHaveText('Om din fritagelse');
	const main = page.locator('.wizard-live');
	await expect(main).toContainText('Du læser ikke dansk godt nok.');
	await expect(main).toContainText('Efter de gamle regler ville den være sluttet 1. november 2018.');
	await expect(main).toContainText('Men tidsgrænsen blev fjernet 1. oktober 2017, før den sluttede.');
	await expect(main).toContainText('Spørg Borgerservice, hvis du er i tvivl.');
	await expect(main).not.toContainText('sluttede den 1. november 2018');
});
