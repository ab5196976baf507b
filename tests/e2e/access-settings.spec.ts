import { expect, test, type Browser, type Page } from '@playwright/test';
import { createCitizen, signIn, type TestCitizen } from '../fixtures/citizens';
import { expectNoAxeViolations } from './helpers/mail';
import { holdAppScripts, untilHydrated } from './support/slow-scripts';
import { choose, openWizard } from './support/wizard';

// "Someone you trust" in a real browser: the helper asks for access on the settings page, the owner sees the
// request when the mailbox opens, says yes and sees it in the history, then gives read and write access and the
// helper opens the owner's notice contacts; in Arabic (right to left), axe-clean on every state.
// The whole way through (offline, replies, the end) is access-helper.spec.ts.

const dataDir = process.env.E2E_DATA_DIR!;

async function signedIn(
	browser: Browser,
	citizen: TestCitizen,
	locale: 'da' | 'ar',
	serviceWorkers: 'allow' | 'block' = 'allow'
): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, serviceWorkers });
	const page = await context.newPage();
	await signIn(page, citizen, { locale });
	return page;
}

// Danish runs the whole way in access-helper.spec.ts (axe-clean there too); here the right-to-left pages.
const locales: readonly ('da' | 'ar')[] = ['ar'];
for (const locale of locales) {
	test(`a helper asks, the owner sees the request in the mailbox and says yes (${locale})`, async ({
		browser
	}) => {
		const owner = await createCitizen(dataDir, { name: 'Karen Hansen' });
		const helper = await createCitizen(dataDir, { name: 'Ole Hjælper' });
		const prefix = locale === 'da' ? '' : `/${locale}`;

		const helperPage = await signedIn(browser, helper, locale);
		// The exemption wizard's "get help from someone you trust" step leads to the access page, in this language.
		await openWizard(helperPage, locale === 'da' ? '' : locale);
		await choose(helperPage, 'start');
		await choose(helperPage, 'yes');
		await helperPage.getByTestId('wizard-access-link').click();
		await expect(helperPage).toHaveURL(new RegExp(`${prefix}/access$`));
		await expect(helperPage.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
		const ask = helperPage.getByTestId('access-form-request');
		// A wrong name is refused on the field, and what was typed stays.
		await ask.locator('input[name="userId"]').fill(owner.userId);
		await ask.locator('input[name="name"]').fill('Forkert Navn');
		await ask.locator('button[type="submit"]').click();
		await expect(ask.locator('[role="alert"]')).toBeVisible();
		await expect(ask.locator('input[name="userId"]')).toHaveAttribute('aria-invalid', 'true');
		await expectNoAxeViolations(helperPage);
		await ask.locator('input[name="name"]').fill(owner.name);
		await ask.locator('button[type="submit"]').click();
		await expect(helperPage.getByTestId('access-done')).toContainText(owner.name);
		await expect(helperPage.getByTestId('access-helping')).toContainText(owner.name);

		const ownerPage = await signedIn(browser, owner, locale);
		const pending = ownerPage.getByTestId('access-pending');
		await expect(pending).toBeVisible();
		await pending.getByRole('link').click();
		const requests = ownerPage.getByTestId('access-requests');
		await expect(requests).toContainText(helper.name);
		await expectNoAxeViolations(ownerPage);
		await requests.locator('form[action="?/approve"] button').click();
		await expect(ownerPage.getByTestId('access-done')).toContainText(helper.name);
		await expect(ownerPage.getByTestId('access-helpers')).toContainText(helper.name);
		await expect(ownerPage.getByTestId('access-requests')).toHaveCount(0);
		const history = ownerPage.getByTestId('access-history');
		await expect(history.locator('li')).toHaveCount(2);
		await expect(history).toContainText(helper.name);
		await expectNoAxeViolations(ownerPage);

		// Read and write access lets the helper open the owner's notice contacts, under a band naming whose.
		await ownerPage.getByTestId('access-helpers').locator('form[action="?/level"] button').click();
		await expect(
			ownerPage
				.getByTestId('access-helpers')
				.locator('form[action="?/level"] input[name="level"][value="read"]')
		).toHaveCount(1);
		await helperPage.goto(`${prefix}/access`);
		await helperPage.getByTestId('access-notices-link').click();
		await expect(helperPage.getByTestId('access-notices-band')).toContainText(owner.name);
		await expect(helperPage.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
		await expectNoAxeViolations(helperPage);

		// The request is answered: the mailbox no longer asks.
		await ownerPage.goto(`${prefix}/mail`);
		await expect(ownerPage.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(ownerPage.getByTestId('access-pending')).toHaveCount(0);
		await ownerPage.context().close();
		await helperPage.context().close();
	});
}

test('what a helper types before the access page has finished loading is kept', async ({ browser }) => {
	const owner = await createCitizen(dataDir, { name: 'Bente Holm' });
	const helper = await createCitizen(dataDir, { name: 'Ib Hjælper' });
	// Without the service worker, which would hand out the scripts it keeps at once.
	const page = await signedIn(browser, helper, 'da', 'block');
	// Hold the app's scripts back, like a slow line does, while the helper fills in the form.
	const release = await holdAppScripts(page);
	await page.goto('/access', { waitUntil: 'commit' });
	const ask = page.getByTestId('access-form-request');
	await ask.locator('input[name="userId"]').fill(owner.userId);
	await ask.locator('input[name="name"]').fill('Forkert Navn');
	await ask.locator('input[name="level"][value="read_write"]').check();
	release();
	// Nothing typed or chosen was wiped when the page started.
	await untilHydrated(page);
	await expect(ask.locator('input[name="userId"]')).toHaveValue(owner.userId);
	await expect(ask.locator('input[name="name"]')).toHaveValue('Forkert Navn');
	await expect(ask.locator('input[name="level"][value="read_write"]')).toBeChecked();
	// The form still answers in place: the wrong name is refused on the field and what was typed stays.
	await ask.locator('button[type="submit"]').click();
	await expect(ask.locator('[role="alert"]')).toBeVisible();
	await expect(ask.locator('input[name="name"]')).toHaveValue('Forkert Navn');
	await expect(ask.locator('input[name="level"][value="read_write"]')).toBeChecked();
	await page.context().close();
});
