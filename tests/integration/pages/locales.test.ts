import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

async function htmlTag(path: string) {
	const res = await fetch(new URL(path, baseUrl));
	expect(res.status).toBe(200);
	const html = await res.text();
	return html.match(/<html[^>]*>/)?.[0] ?? '';
}

describe('locale in the URL', () => {
	it('serves Danish at the root', async () => {
		const tag = await htmlTag('/');
		expect(tag).toContain('lang="da"');
		expect(tag).toContain('dir="ltr"');
	});

	it('serves Arabic and Farsi right-to-left', async () => {
		expect(await htmlTag('/ar')).toContain('dir="rtl"');
		expect(await htmlTag('/fa/help')).toMatch(/lang="fa" dir="rtl"/);
	});

	it('serves English, Turkish, Somali and Ukrainian left-to-right', async () => {
		for (const locale of ['en', 'tr', 'so', 'uk']) {
			expect(await htmlTag(`/${locale}`)).toMatch(new RegExp(`lang="${locale}" dir="ltr"`));
		}
	});
});
