import { afterAll, describe, expect, it, vi } from 'vitest';
import { lix } from '$lib/plain-language/lix';
import { getHelpArticle, helpSlugs } from '$lib/help/articles.server';
import type { Locale } from '$lib/paraglide/runtime';

// Every Danish and English help article must read easily: LIX ≤ 35 (issue 14 §5), in a build without a
// support phone (the default) and in one with a phone and opening hours.
const limit = 35;
const measured: Locale[] = ['da', 'en'];

function articleText(article: { title: string; summary: string; text: string }): string {
	return `${article.title}\n${article.summary}\n${article.text}`;
}

describe('plain language of the help articles (LIX)', () => {
	for (const locale of measured) {
		for (const slug of helpSlugs()) {
			it(`${locale}: ${slug} has LIX ≤ ${limit}`, () => {
				const text = articleText(getHelpArticle(locale, slug)!);
				const result = lix(text);
				expect(result.lix, `${text}\n\n${JSON.stringify(result)}`).toBeLessThanOrEqual(limit);
			});
		}
	}

	it(`with a support phone, get-help stays ≤ ${limit} too`, async () => {
		vi.resetModules();
		vi.doMock('$env/static/public', () => ({
			PUBLIC_SUPPORT_PHONE: '+45 70 12 34 56',
			PUBLIC_SUPPORT_HOURS: 'mon-thu 09:00-15:00; fri 09:00-13:00'
		}));
		const built = await import('$lib/help/articles.server');
		for (const locale of measured) {
			const text = articleText(built.getHelpArticle(locale, 'get-help')!);
			expect(text).toContain('+45 70 12 34 56');
			expect(lix(text).lix, text).toBeLessThanOrEqual(limit);
		}
	});

	afterAll(() => {
		vi.doUnmock('$env/static/public');
		vi.resetModules();
	});
});
