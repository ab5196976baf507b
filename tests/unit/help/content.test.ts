import { describe, expect, it, vi } from 'vitest';
import { baseLocale, locales } from '$lib/paraglide/runtime';
import { getHelpArticle, helpSlugs, listHelpArticles } from '$lib/help/articles.server';
import { publicSupportPageHref } from '$lib/config/support';

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

			it('without a support phone (this build): no number; Borgerservice and the public pages instead', () => {
				const { html, text } = getHelpArticle(locale, 'get-help')!;
				expect(html).not.toContain('tel:');
				expect(text).not.toMatch(/\+45|9931/);
				expect(text).toContain('Borgerservice');
				expect(html).toContain(`href="${publicSupportPageHref('en')}"`);
				expect(html).toContain('href="https://www.borger.dk"');
				for (const slug of helpSlugs())
					expect(getHelpArticle(locale, slug)!.html, slug).not.toContain('tel:');
			});

			it('links the exemption article to the wizard', () => {
				const prefix = locale === baseLocale ? '' : `/${locale}`;
				expect(getHelpArticle(locale, 'exemption')!.html).toContain(`href="${prefix}/exemption"`);
			});
		});
	}

	it('with a support phone and hours: get-help gives the number as a tel: link and the hours', async () => {
		vi.resetModules();
		vi.doMock('$env/static/public', () => ({
			PUBLIC_SUPPORT_PHONE: '+45 70 12 34 56',
			PUBLIC_SUPPORT_HOURS: 'mon-fri 09:00-15:00'
		}));
		try {
			const built = await import('$lib/help/articles.server');
			for (const locale of locales) {
				const { html, text } = built.getHelpArticle(locale, 'get-help')!;
				expect(html, locale).toContain('href="tel:+4570123456"');
				expect(html, locale).toContain('<span dir="ltr">+45 70 12 34 56</span>');
				expect(text, locale).not.toMatch(/\{\{|\}\}/);
			}
			expect(built.getHelpArticle('da', 'get-help')!.text).toContain(
				'Vi har åbent mandag til fredag kl. 09.00–15.00. Tiderne er dansk tid.'
			);
			expect(built.getHelpArticle('da', 'get-help')!.text).not.toContain('Postkasse har ikke en telefon');
		} finally {
			vi.doUnmock('$env/static/public');
			vi.resetModules();
		}
	});

	it('covers the facts the issue names', () => {
		const en = (slug: string) => getHelpArticle('en', slug)!.text;
		expect(en('what-is-digital-post')).toMatch(/15 or older/);
		expect(en('what-is-digital-post')).toMatch(/just like a letter on paper/);
		expect(en('sign-in')).toMatch(/^Digital Post: MitID\nYou sign in to Digital Post with MitID/);
		expect(en('sign-in')).toMatch(/NemID closed in 2023/);
		expect(en('sign-in')).toMatch(/Postkasse has its own way to sign in/);
		expect(en('what-is-digital-post')).toMatch(
			/That post does not come in Digital Post\. It comes in e-Boks or on mit\.dk/
		);
		expect(en('what-is-digital-post')).toMatch(
			/Postkasse is a mailbox of its own\. It is not part of Digital Post/
		);
		expect(en('where-to-read')).not.toMatch(/Here in Postkasse/);
		expect(en('register-and-senders')).toMatch(/You do not have to sign up for Digital Post/);
		expect(en('exemption')).toMatch(/There are eight reasons/);
		expect(en('exemption')).toMatch(/Then the exemption ends when you move back/);
		expect(en('exemption')).toMatch(/Then ask SU at su\.dk/);
		expect(en('get-help')).toMatch(/Someone you trust can get access/);
		expect(en('where-to-read')).toMatch(/borger\.dk[\s\S]*Digital Post app[\s\S]*e-Boks[\s\S]*mit\.dk/);
		expect(en('notifications')).toMatch(/\+45/);
		expect(en('offline-and-install')).toMatch(/Add to Home Screen/);
	});
});
