import { expect, test, type Page } from '@playwright/test';
import { createCitizen, signIn } from '../fixtures/citizens';
import { dataDir, expectMailbox } from './helpers/mail';
import {
	baseLocale,
	completePacks,
	dirOf,
	helpArticles,
	homeOf,
	locales,
	offlinePages,
	prefixOf,
	waitForPacks,
	waitForServiceWorker
} from './pwa-helpers';

// Every spec that cuts the network restores it in `finally`, so no other spec inherits an offline browser.

async function expectPage(page: Page, locale: string, path: string) {
	await expect(page.locator('html'), path).toHaveAttribute('lang', locale);
	await expect(page.locator('html'), path).toHaveAttribute('dir', dirOf(locale));
	await expect(page.getByRole('heading', { level: 1 }), path).not.toBeEmpty();
}

/**
 * A page served offline must also work, not just show its HTML: its styles applied (the header's
 * background) and its scripts running (the update prompt region is only added in the browser).
 */
async function expectWorking(page: Page, path: string) {
	await expect(page.locator('.site-header'), `${path}: styles`).toHaveCSS(
		'background-color',
		'rgb(242, 245, 249)'
	);
	await expect(page.locator('.pwa-toast-region'), `${path}: scripts`).toBeAttached();
}

/** The wizard's code comes on its first use (islands/main.ts), so offline it must come from the cache. */
async function expectWizardStarts(page: Page, path: string) {
	const heading = page.locator('#wizard-heading');
	const first = await heading.innerText();
	await page.locator('[data-answer="start"]').click();
	await expect(heading, `${path}: the wizard's next screen`).not.toHaveText(first);
	await expect(page.locator('.wizard-live[data-ready]'), `${path}: the wizard is live`).toBeAttached();
}

for (const locale of locales) {
	test(`${locale}: after one visit in the language, its start page, help centre and wizard open offline`, async ({
		page,
		context
	}) => {
		await page.goto(homeOf(locale));
		await waitForServiceWorker(page);
		const titles = new Map(helpArticles(locale).map((a) => [`${prefixOf(locale)}/help/${a.slug}`, a.title]));
		try {
			await context.setOffline(true);
			for (const path of offlinePages(locale)) {
				const response = await page.goto(path);
				expect(response?.status(), path).toBe(200);
				expect(response?.fromServiceWorker(), path).toBe(true);
				await expectPage(page, locale, path);
				await expectWorking(page, path);
				const title = titles.get(path);
				if (title) await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

				const reloaded = await page.reload();
				expect(reloaded?.status(), `${path} reloaded`).toBe(200);
				await expectPage(page, locale, path);
				if (title) await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
				if (path === `${prefixOf(locale)}/exemption`) await expectWizardStarts(page, path);
			}
		} finally {
			await context.setOffline(false);
		}
	});
}

test('switching language fetches the new language in the background and says when it works offline', async ({
	page,
	context
}) => {
	await page.goto('/exemption');
	await waitForServiceWorker(page);
	expect(await completePacks(page)).not.toContain('pages-tr');
	await page.locator('.language-picker .wide').getByRole('link', { name: 'Türkçe' }).click();
	await expect(page).toHaveURL(/\/tr\/exemption$/);
	await expect(page.getByTestId('language-offline-ready')).toContainText(
		'Bu dildeki sayfalar artık internetsiz de çalışır.'
	);
	expect(await completePacks(page)).toContain('pages-tr');
	try {
		await context.setOffline(true);
		for (const path of offlinePages('tr')) {
			const response = await page.goto(path);
			expect(response?.fromServiceWorker(), path).toBe(true);
			expect(response?.status(), path).toBe(200);
			await expectPage(page, 'tr', path);
			await expectWorking(page, path);
		}
	} finally {
		await context.setOffline(false);
	}
	// Back on a language already kept, nothing is fetched and nothing is said.
	await page.goto('/tr/help');
	await expect(page.locator('.pwa-toast-region')).toBeAttached();
	await expect(page.getByTestId('language-offline-ready')).toHaveCount(0);
});

test('before sign-in the mailbox code is not kept: offline, a mail address shows the offline page', async ({
	page,
	context
}) => {
	await page.goto('/en');
	await waitForServiceWorker(page);
	expect(await completePacks(page)).not.toContain('mail');
	try {
		await context.setOffline(true);
		for (const path of ['/en/mail', '/en/mail/letter/some-letter-id']) {
			await page.goto(path);
			// Sent on to the offline page, which remembers the address for "Try again".
			await expect(page).toHaveURL(`/en/offline?from=${encodeURIComponent(path)}`);
			await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('You are offline');
			await expectWorking(page, path);
		}
	} finally {
		await context.setOffline(false);
	}
});

test('after sign-in the mailbox code is kept; offline, a mail address falls back to the mail shell of its locale', async ({
	page,
	context
}) => {
	const citizen = await createCitizen(dataDir);
	// Two more languages in use on this device: the mailbox's texts are kept in those too.
	for (const home of ['/en', '/ar']) {
		await page.goto(home);
		await waitForServiceWorker(page);
	}
	await waitForPacks(page, ['pages-en', 'pages-ar']);
	await signIn(page, citizen);
	await expectMailbox(page);
	await waitForPacks(page, ['mail', 'mail-da', 'mail-en', 'mail-ar']);
	try {
		await context.setOffline(true);
		for (const locale of [baseLocale, 'en', 'ar']) {
			const shell = `${prefixOf(locale)}/mail`;
			const expected = await page.evaluate(
				async (url) => (await caches.match(url, { ignoreSearch: true }))?.text(),
				shell
			);
			expect(expected, shell).toContain('<html');
			for (const deep of [`${shell}/letter/some-letter-id`, `${shell}/folder/archive/`]) {
				const response = await page.goto(deep);
				expect(response?.fromServiceWorker(), deep).toBe(true);
				expect(response?.status(), deep).toBe(200);
				expect(await response?.text(), deep).toBe(expected);
				// The mail client may drop the trailing slash once it has routed the address.
				await expect(page).toHaveURL(new RegExp(`${deep.replace(/\/$/, '')}/?$`));
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				await expect(page.locator('html')).toHaveAttribute('dir', dirOf(locale));
				await expectWorking(page, deep);
			}
		}
	} finally {
		await context.setOffline(false);
	}
});

test('offline, a page that needs the server shows the offline page in its language', async ({
	page,
	context
}) => {
	// Languages used on this device: their pages (the offline page too) are kept.
	for (const home of ['/en', '/fa']) {
		await page.goto(home);
		await waitForServiceWorker(page);
	}
	await waitForPacks(page, ['pages-en', 'pages-fa']);
	try {
		await context.setOffline(true);
		const response = await page.goto('/en/settings');
		expect(response?.fromServiceWorker()).toBe(true);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
		await expectWorking(page, '/en/settings');
		await expect(page.getByRole('main').getByRole('link', { name: 'Help', exact: true })).toHaveAttribute(
			'href',
			'/en/help'
		);

		await page.goto('/fa/account/deep/page');
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('شما آفلاین هستید');
		await expectWorking(page, '/fa/account/deep/page');

		// A language never used here has no pages on the device: the Danish offline page answers.
		await page.goto('/so/settings');
		await expect(page).toHaveURL('/offline?from=%2Fso%2Fsettings');
		await expect(page.locator('html')).toHaveAttribute('lang', 'da');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du er ikke på nettet');
	} finally {
		await context.setOffline(false);
	}
});

test('offline, a link to a server-rendered page shows the offline page; Try again goes back', async ({
	page,
	context
}) => {
	await page.goto('/en/help');
	await waitForServiceWorker(page);
	try {
		await context.setOffline(true);
		await page.reload();
		await expectWorking(page, '/en/help');
		// /login is rendered by the server, so no copy of it is on the device: the worker answers the
		// address with the offline page of its language.
		await page.evaluate(() => {
			const link = document.createElement('a');
			link.href = '/en/login';
			link.textContent = 'sign-in probe';
			document.querySelector('main')!.append(link);
		});
		await page.getByRole('link', { name: 'sign-in probe' }).click();
		await expect(page).toHaveURL(/\/en\/login$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
		await expectWorking(page, '/en/login');

		// Where the worker (or the mailbox's client) sends a reader to the offline page, it remembers the
		// address for "Try again".
		await page.goto('/en/offline?from=%2Fen%2Flogin');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
		await expectWorking(page, '/en/offline?from=…');

		await page.getByRole('button', { name: 'Try again' }).click();
		await expect(page).toHaveURL(/\/en\/login$/);
		// Still offline: the worker answers the sign-in address with the offline page.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
	} finally {
		await context.setOffline(false);
	}
	// Back online, Try again reaches the real page.
	await page.getByRole('button', { name: 'Try again' }).click();
	await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('You are offline');
	await expect(page).toHaveURL(/\/en\/login$/);
});

test('offline, the help search filters articles and links work without a reload', async ({
	page,
	context
}) => {
	await page.goto('/en/help');
	await waitForServiceWorker(page);
	try {
		await context.setOffline(true);
		await page.reload();
		await expectWorking(page, '/en/help');
		const search = page.getByRole('searchbox', { name: 'Search the help pages' });
		const list = page.getByRole('list', { name: 'Help articles' });
		await expect(list.getByRole('listitem')).toHaveCount(helpArticles('en').length);

		await search.fill('iphone');
		await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('1 article found');
		await expect(list.getByRole('listitem')).toHaveCount(1);

		await search.fill('no such word at all');
		await expect(page.getByText('No article matches.')).toBeVisible();

		await search.fill('code card');
		// Client-side navigation: the article's data comes from the precache.
		await list.getByRole('link', { name: /How do I sign in\?/ }).click();
		await expect(page).toHaveURL(/\/en\/help\/sign-in$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('How do I sign in?');
		await expect(page.getByRole('heading', { name: 'Digital Post: MitID' })).toBeVisible();
	} finally {
		await context.setOffline(false);
	}
});
