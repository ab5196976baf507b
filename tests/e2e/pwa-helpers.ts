// Shared by the pwa-*.spec.ts files: which pages must work offline, and waiting for the service worker.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	baseLocale: string;
	locales: string[];
};
export const { baseLocale, locales } = settings;

export const rtlLocales = new Set(['ar', 'fa']);
export const dirOf = (locale: string) => (rtlLocales.has(locale) ? 'rtl' : 'ltr');
export const prefixOf = (locale: string) => (locale === baseLocale ? '' : `/${locale}`);
/** The start page of a locale: `/` or `/en`. */
export const homeOf = (locale: string) => prefixOf(locale) || '/';

/** Help articles as the content folder has them: slug → title, per locale. */
export function helpArticles(locale: string): { slug: string; title: string }[] {
	const dir = `content/help/${locale}`;
	return readdirSync(dir)
		.filter((file) => file.endsWith('.md'))
		.map((file) => {
			const source = readFileSync(`${dir}/${file}`, 'utf8');
			const title = /^title:\s*(.+)$/m.exec(source)![1]!.replace(/^(["'])(.*)\1$/, '$2');
			return { slug: file.slice(0, -3), title };
		});
}

/** Every page that must open offline in a locale (the mail shell is checked separately). */
export function offlinePages(locale: string): string[] {
	const prefix = prefixOf(locale);
	return [
		homeOf(locale),
		`${prefix}/help`,
		...helpArticles(locale).map((a) => `${prefix}/help/${a.slug}`),
		`${prefix}/exemption`,
		`${prefix}/offline`
	];
}

/** Waits until an active worker controls the page (it claims clients on its first install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 30_000 })
		.toBe('activated');
}

/** Paths in the precache, without workbox's `__WB_REVISION__` parameter. */
export async function precachedPaths(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'));
		if (!name) return [];
		const requests = await (await caches.open(name)).keys();
		return requests.map((request) => {
			const url = new URL(request.url);
			url.searchParams.delete('__WB_REVISION__');
			return url.pathname + url.search;
		});
	});
}
