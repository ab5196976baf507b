import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createCitizen, readDemo, signIn } from '../fixtures/citizens';
import { holdAppScripts, untilHydrated } from './support/slow-scripts';

const dataDir = process.env.E2E_DATA_DIR!;

async function expectNoAxeViolations(page: Page) {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(result.violations).toEqual([]);
}

test('signs in with the demo code card through the /login page', async ({ page }) => {
	const demo = readDemo(dataDir);
	await signIn(page, { ...demo.citizen, codes: demo.citizen.codeCard.codes });
	await expect(page).toHaveURL(/\/mail$/);
	const session = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
	expect(session).toMatchObject({ userId: 'demo', storage: 'persistent', registered: true });
});

test('a first sign-in explains Digital Post and records the chosen companies', async ({ page }) => {
	const citizen = await createCitizen(dataDir, { registered: false, optIns: [] });
	await page.goto('/login');
	await expectNoAxeViolations(page);
	await page.getByLabel('Bruger-id').fill(citizen.userId);
	await page.getByLabel('Adgangskode').fill(citizen.password);
	await page.getByRole('button', { name: 'Fortsæt' }).click();
	const key = await page.locator('[data-challenge-key]').getAttribute('data-challenge-key');
	// Values inside sentences are wrapped in Unicode isolates (U+2068 … U+2069) for right-to-left languages.
	const codeField = page.getByLabel(`Kode til nøgle \u2068${key}\u2069`, { exact: true });
	await expect(codeField).toBeVisible();
	await expectNoAxeViolations(page);
	await codeField.fill(citizen.codes[key!]!);
	await page.getByRole('button', { name: 'Log på' }).click();

	await expect(page).toHaveURL(/\/register$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Velkommen til Postkasse');
	await expect(page.getByText('Postkasse er sin egen postkasse.')).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Havtryg Forsikring A/S').check();
	await page.getByRole('button', { name: 'Jeg har forstået det. Åbn min post' }).click();
	await expect(page).toHaveURL(/\/mail$/);

	await page.goto('/settings');
	await expect(page.getByLabel('Havtryg Forsikring A/S')).toBeChecked();
	await expect(page.getByLabel('Fjordbank A/S')).not.toBeChecked();
	await expect(page.getByTestId('card-status')).toHaveText(
		`Nøglekort \u2068${citizen.cardId}\u2069: \u2068147\u2069 af \u2068148\u2069 koder er ikke brugt endnu.`
	);
	await expectNoAxeViolations(page);
	await page.getByLabel('Fjordbank A/S').check();
	// The companies' section has its own "Gem valg" (the notices section has another).
	const companies = page.locator('form[action="?/optIns"]');
	await companies.getByRole('button', { name: 'Gem valg' }).click();
	await expect(companies.getByRole('status')).toHaveText('Dine valg er gemt.');
	await page.reload();
	await expect(page.getByLabel('Fjordbank A/S')).toBeChecked();
});

test('works without JavaScript, in Arabic, right to left', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	try {
		const citizen = await createCitizen(dataDir);
		await page.goto('/ar/login');
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await page.getByLabel('اسم المستخدم').fill(citizen.userId);
		await page.getByLabel('كلمة المرور').fill(citizen.password);
		await page.getByLabel('يستخدم أشخاص آخرون هذا الحاسوب أيضًا').check();
		await page.getByRole('button', { name: 'متابعة' }).click();
		const key = await page.locator('[data-challenge-key]').getAttribute('data-challenge-key');
		await page.locator('#code').fill(citizen.codes[key!]!);
		await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
		await expect(page).toHaveURL(/\/ar\/mail$/);
		await page.goto('/ar/settings');
		await expect(page.getByText('لا يُحفظ بريدك هنا')).toBeVisible();
		await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
		await expect(page).toHaveURL(/\/ar\/login$/);
		await page.goto('/ar/settings');
		await expect(page).toHaveURL(/\/ar\/login$/);
	} finally {
		await context.close();
	}
});

test('the Arabic sign-in page is accessible', async ({ page }) => {
	await page.goto('/ar/login');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expectNoAxeViolations(page);
});

test('wrong passwords never lock; five wrong codes lock the code step and say until when', async ({
	page
}) => {
	const citizen = await createCitizen(dataDir);
	const password = async (value: string) => {
		await page.goto('/en/login');
		await page.getByLabel('User ID').fill(citizen.userId);
		await page.getByLabel('Password').fill(value);
		await page.getByRole('button', { name: 'Continue' }).click();
	};
	for (let i = 0; i < 6; i++) {
		await password('not the password');
		await expect(page.getByRole('alert')).toHaveText('The user ID or password is wrong.');
	}
	await password(citizen.password);
	const key = (await page.locator('[data-challenge-key]').getAttribute('data-challenge-key'))!;
	const wrong = citizen.codes[key] === '000000' ? '111111' : '000000';
	for (let i = 0; i < 5; i++) {
		await page.locator('#code').fill(wrong);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
	}
	await expect(page.getByRole('alert')).toContainText('Your account is locked');
	await expect(page.getByRole('alert')).toContainText(/\d{1,2}[:.]\d{2}/);
	await expect(page.getByLabel('User ID')).toHaveAttribute('aria-describedby', 'form-error');
	await expectNoAxeViolations(page);
});

test('after failed attempts, the next sign-in says how many there were', async ({ page }) => {
	const citizen = await createCitizen(dataDir);
	for (let i = 0; i < 3; i++) {
		await page.goto('/en/login');
		await page.getByLabel('User ID').fill(citizen.userId);
		await page.getByLabel('Password').fill(`guess ${i}`);
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
	}
	await page.goto('/en/login');
	await page.getByLabel('User ID').fill(citizen.userId);
	await page.getByLabel('Password').fill(citizen.password);
	await page.getByRole('button', { name: 'Continue' }).click();
	const key = (await page.locator('[data-challenge-key]').getAttribute('data-challenge-key'))!;
	await page.locator('#code').fill(citizen.codes[key]!);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Someone tried to sign in' })).toBeVisible();
	await expect(page.getByTestId('failed-attempts')).toContainText('3 times with a wrong password or code');
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/en\/mail$/);
});

test('what a person types before the page has finished loading is kept', async ({ page }) => {
	// Hold the app's scripts back, like a slow line does, while the person starts typing.
	const release = await holdAppScripts(page);
	await page.goto('/login', { waitUntil: 'commit' });
	await page.locator('#userId').fill('early-bird');
	await page.locator('input[name="sharedComputer"]').check();
	release();
	await untilHydrated(page);
	await expect(page.locator('#userId')).toHaveValue('early-bird');
	await expect(page.locator('input[name="sharedComputer"]')).toBeChecked();
});
