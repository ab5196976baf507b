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

/** Paths the service worker keeps in its offline packs, without the revision parameter. */
export async function precachedPaths(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys()) {
			if (!name.startsWith('postkasse-pack-')) continue;
			for (const request of await (await caches.open(name)).keys()) {
				const url = new URL(request.url);
				url.searchParams.delete('__rev');
				paths.push(url.pathname + url.search);
			}
		}
		return paths;
	});
}

/** The offline packs complete on the device, as the worker that controls the page reports them. */
export async function completePacks(page: Page): Promise<string[]> {
	return page.evaluate(
		() =>
			new Promise<string[]>((resolve) => {
				const channel = new MessageChannel();
				channel.port1.onmessage = (event: MessageEvent<{ complete: string[] }>) =>
					resolve(event.data.complete);
				navigator.serviceWorker.controller!.postMessage({ type: 'OFFLINE_STATUS' }, [channel.port2]);
			})
	);
}

/** Waits until the worker reports the packs complete (it fetches them in the background). */
export async function waitForPacks(page: Page, packs: string[]): Promise<void> {
	await expect.poll(() => completePacks(page), { timeout: 30_000 }).toEqual(expect.arrayContaining(packs));
}
