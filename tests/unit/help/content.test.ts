import { describe, expect, it } from 'vitest';
import { baseLocale, locales } from '$lib/paraglide/runtime';
import { getHelpArticle, helpSlugs, listHelpArticles } from '$lib/help/articles.server';
import { supportPhone } from '$lib/config/support';

// The articles the issue asks for; more may be added, none may go missing.
const required = [
	'what-is-digital-post',
	'sign-in',
	'register-and-senders',
	'where-to-read',
	'notifications',
	'offline-and-install',
	'exemption',
	'get-help'
];

describe('help content', () => {
	it('has every required article in the base locale', () => {
		expect(helpSlugs()).toEqual(expect.arrayContaining(required));
	});

	for (const locale of locales) {
		describe(locale, () => {
			const articles = listHelpArticles(locale);

			it('has exactly the base locale articles, in the same order', () => {
				expect(articles.map((a) => a.slug)).toEqual(helpSlugs());
				const baseOrder = listHelpArticles(baseLocale).map((a) => [a.slug, a.order, a.icon]);
				expect(articles.map((a) => [a.slug, a.order, a.icon])).toEqual(baseOrder);
			});

			it('links only to our pages in its own language, or to https sites and phone numbers', () => {
				const prefix = locale === baseLocale ? '' : `/${locale}`;
				const slugs = new Set(helpSlugs());
				for (const { slug } of articles) {
					const { html } = getHelpArticle(locale, slug)!;
					for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
						if (/^(https:|tel:)/.test(href!)) continue;
						const path = href!.slice(prefix.length);
						expect(href!.startsWith(`${prefix}/`), `${slug}: ${href}`).toBe(true);
						const target = /^\/help\/(.+)$/.exec(path)?.[1];
						if (target) expect(slugs.has(target), `${slug} links to missing ${href}`).toBe(true);
						else expect(['/exemption', '/mail', '/help'], `${slug}: ${href}`).toContain(path);
					}
				}
			});

			it('gives the support phone from configuration as a tel: link', () => {
				const { html, text } = getHelpArticle(locale, 'get-help')!;
				expect(html).toContain(`href="${supportPhone.href}"`);
				expect(text).toContain(supportPhone.display);
			});

			it('links the exemption article to the wizard', () => {
				const prefix = locale === baseLocale ? '' : `/${locale}`;
				expect(getHelpArticle(locale, 'exemption')!.html).toContain(`href="${prefix}/exemption"`);
			});
		});
	}

	it('covers the facts the issue names', () => {
		const en = (slug: string) => getHelpArticle('en', slug)!.text;
		expect(en('what-is-digital-post')).toMatch(/15 or older/);
		expect(en('what-is-digital-post')).toMatch(/just like a letter on paper/);
		expect(en('sign-in')).toMatch(/MitID/);
		expect(en('sign-in')).toMatch(/code card/);
		expect(en('where-to-read')).toMatch(/borger\.dk[\s\S]*Digital Post app[\s\S]*e-Boks[\s\S]*mit\.dk/);
		expect(en('notifications')).toMatch(/\+45/);
		expect(en('offline-and-install')).toMatch(/Add to Home Screen/);
	});
});
