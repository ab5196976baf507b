import { expect, test } from '@playwright/test';
import {
	baseLocale,
	completePacks,
	locales,
	offlinePages,
	precachedPaths,
	prefixOf,
	waitForServiceWorker
} from './pwa-helpers';

test('the service worker is active, has the whole site scope and controls the page', async ({ page }) => {
	await page.goto('/en/help');
	await waitForServiceWorker(page);
	const registration = await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.ready;
		return { scope: reg.scope, script: reg.active?.scriptURL, state: reg.active?.state };
	});
	expect(new URL(registration.scope).pathname).toBe('/');
	expect(new URL(registration.script!).pathname).toBe('/service-worker.js');
	expect(registration.state).toBe('activated');
	// Still in control after a reload, and navigations go through it.
	const response = await page.reload();
	expect(response?.fromServiceWorker()).toBe(true);
	expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(registration.script);
});

test('a page that opened without the worker (a hard reload) is taken over by it', async ({ page }) => {
	await page.goto('/en/help');
	await waitForServiceWorker(page);
	// A hard reload bypasses the worker, as does a navigation that started while it was activating.
	const cdp = await page.context().newCDPSession(page);
	const loaded = page.waitForEvent('load');
	await cdp.send('Page.reload', { ignoreCache: true });
	await loaded;
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null))
		.toBe('activated');
});

test('a first visit keeps the shell and the pages of Danish and its own language, nothing more', async ({
	page
}) => {
	await page.goto('/en/help');
	await waitForServiceWorker(page);
	const paths = new Set(await precachedPaths(page));
	for (const locale of [baseLocale, 'en']) {
		for (const path of offlinePages(locale)) expect(paths, path).toContain(path);
		expect(paths, `${locale} mail shell`).toContain(`${prefixOf(locale)}/mail`);
		// Data for client-side navigation between help pages, so links work offline too.
		expect(paths).toContain(`${prefixOf(locale)}/help/__data.json`);
	}
	expect(paths).toContain('/manifest.webmanifest');
	expect(paths).toContain('/pwa-192x192.png');
	// The public pages' code: the islands entry the page loads (they run without SvelteKit's client).
	const islands = await page.locator('script[type="module"][src]').getAttribute('src');
	expect(islands).toMatch(/^\/_app\/immutable\//);
	expect(paths).toContain(islands);
	// Languages not visited are left for later (the language picker fetches them).
	for (const locale of locales.filter((l) => l !== baseLocale && l !== 'en')) {
		expect(
			[...paths].filter((p) => p === `/${locale}` || p.startsWith(`/${locale}/`)),
			locale
		).toEqual([]);
	}
	// The mailbox's code only after sign-in.
	expect(await completePacks(page)).toEqual(['pages-da', 'pages-en', 'shell']);
	expect(await page.evaluate(() => caches.has('postkasse-pack-mail'))).toBe(false);
	// Never server code or API answers.
	expect([...paths].filter((p) => p.startsWith('/api') || p.includes('server'))).toEqual([]);
});

test('API and sync answers are never cached by the worker', async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	let served = 0;
	// Cacheable-looking 200 answers, to show the worker still leaves them alone.
	await context.route(/\/api\/(v1\/e2e-probe|sync\/v1\/letters\/pull)/, (route) => {
		served += 1;
		return route.fulfill({
			status: 200,
			contentType: 'application/json',
			headers: { 'Cache-Control': 'public, max-age=3600' },
			body: '{"ok":true}'
		});
	});
	const fetchAll = () =>
		page.evaluate(async () => {
			const urls = ['/api/v1/e2e-probe', '/api/sync/v1/letters/pull?checkpoint=0'];
			return Promise.all(
				urls.map((url) =>
					fetch(url, { cache: 'no-store' }).then(
						(r) => r.status,
						() => 'failed'
					)
				)
			);
		});
	expect(await fetchAll()).toEqual([200, 200]);
	expect(await fetchAll()).toEqual([200, 200]);
	expect(served).toBe(4);
	// Offline, with no copy anywhere, they fail (the app treats that as "offline", not as stale data). Chromium
	// applies the offline switch to the worker's own requests a moment later when it has just restarted the
	// worker (once in CI the first try still reached the server: 404 and 401, never a cached 200), so poll.
	await context.unrouteAll();
	try {
		await context.setOffline(true);
		await expect.poll(fetchAll, { timeout: 10_000 }).toEqual(['failed', 'failed']);
	} finally {
		await context.setOffline(false);
	}
	const cachedApi = await page.evaluate(async () => {
		const hits: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys()) {
				if (new URL(request.url).pathname.startsWith('/api')) hits.push(request.url);
			}
		}
		return hits;
	});
	expect(cachedApi).toEqual([]);
});

test('letter files are answered from the per-user file cache first, also offline', async ({
	page,
	context
}) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	const fileUrl = '/api/v1/files/e2e-cached-file';
	await page.evaluate(async (url) => {
		const cache = await caches.open('postkasse-files-e2e-citizen');
		await cache.put(
			url,
			new Response('the cached letter', {
				headers: { 'Content-Type': 'text/plain', 'Content-Disposition': 'inline; filename="brev.txt"' }
			})
		);
	}, fileUrl);
	try {
		await context.setOffline(true);
		const answers = await page.evaluate(async (url) => {
			const view = await fetch(url);
			const download = await fetch(`${url}?download=1`);
			return {
				body: await view.text(),
				inline: view.headers.get('Content-Disposition'),
				attachment: download.headers.get('Content-Disposition')
			};
		}, fileUrl);
		expect(answers).toEqual({
			body: 'the cached letter',
			inline: 'inline; filename="brev.txt"',
			attachment: 'attachment; filename="brev.txt"'
		});
	} finally {
		await context.setOffline(false);
	}
	// Once the cache is gone (sign-out deletes it), the request goes to the server, which does not know it.
	const status = await page.evaluate(async (url) => {
		await caches.delete('postkasse-files-e2e-citizen');
		const response = await fetch(url);
		return { status: response.status, body: await response.text() };
	}, fileUrl);
	expect(status.body).not.toBe('the cached letter');
	expect(status.status).toBeGreaterThanOrEqual(400);
});

test('a push shows a generic notification in the reader language, with no personal data', async ({
	page,
	context,
	baseURL
}) => {
	await context.grantPermissions(['notifications'], { origin: baseURL });
	await page.goto('/en/help');
	await waitForServiceWorker(page);
	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string; scopeURL: string }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
	await cdp.send('ServiceWorker.enable');
	await expect
		.poll(() => registrations.some((r) => r.scopeURL === `${baseURL}/`), { timeout: 30_000 })
		.toBe(true);
	const registrationId = registrations.find((r) => r.scopeURL === `${baseURL}/`)!.registrationId;

	const deliver = (data: string) =>
		cdp.send('ServiceWorker.deliverPushMessage', { origin: baseURL!, registrationId, data });
	const shown = () =>
		page.evaluate(async () => {
			const list = await (await navigator.serviceWorker.ready).getNotifications();
			list.forEach((n) => n.close());
			return list.map((n) => ({ title: n.title, body: n.body, lang: n.lang, dir: n.dir, data: n.data }));
		});

	// A payload that tries to put a letter's subject on the lock screen: only its language is used.
	await deliver(JSON.stringify({ locale: 'ar', title: 'Skat: restskat 12.000 kr', body: 'CPR 010101-1234' }));
	await expect
		.poll(shown, { timeout: 30_000 })
		.toEqual([
			{ title: 'Postkasse', body: 'لديك بريد جديد.', lang: 'ar', dir: 'rtl', data: { url: '/ar/mail' } }
		]);

	// No language in the payload: the open window's language.
	await deliver('');
	await expect
		.poll(shown, { timeout: 30_000 })
		.toEqual([
			{ title: 'Postkasse', body: 'You have new post.', lang: 'en', dir: 'ltr', data: { url: '/en/mail' } }
		]);
});
