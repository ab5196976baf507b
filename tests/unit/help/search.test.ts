import { describe, expect, it } from 'vitest';
import { buildSearchEntry, searchHelp } from '$lib/help/search';
import { helpSearchIndex } from '$lib/help/articles.server';

describe('search ranking', () => {
	const entries = [
		buildSearchEntry({ slug: 'a', title: 'Code card', summary: 'Sign in', icon: 'key', order: 2 }, 'x'),
		buildSearchEntry(
			{ slug: 'b', title: 'Help', summary: 'Your code is secret', icon: 'help', order: 1 },
			'y'
		),
		buildSearchEntry(
			{ slug: 'c', title: 'Offline', summary: 'No net', icon: 'offline', order: 3 },
			'the code'
		)
	];

	it('lists everything in order for an empty query', () => {
		expect(searchHelp(entries, '  ').map((e) => e.slug)).toEqual(['b', 'a', 'c']);
	});

	it('ranks title hits before summary hits before body hits', () => {
		expect(searchHelp(entries, 'code').map((e) => e.slug)).toEqual(['a', 'b', 'c']);
	});

	it('needs every word and finds parts of words', () => {
		expect(searchHelp(entries, 'cod sign').map((e) => e.slug)).toEqual(['a']);
		expect(searchHelp(entries, 'code banana')).toEqual([]);
	});
});

describe('the prebuilt help index', () => {
	it.each([
		['da', 'MitID', 'sign-in'],
		['da', 'kodekort', 'sign-in'],
		['da', 'mistet nøglekort', 'forgot-password'],
		['en', 'forgot password', 'forgot-password'],
		['en', 'iPhone', 'offline-and-install'],
		['en', 'SMS', 'notifications'],
		['ar', 'الإعفاء', 'exemption'],
		['fa', 'معافیت', 'exemption'],
		['tr', 'anahtar', 'sign-in'],
		['tr', 'şifremi unuttum', 'forgot-password'],
		['so', 'dhaafitaan', 'exemption'],
		['uk', 'бібліотека', 'get-help']
	] as const)('%s: "%s" finds %s first', (locale, query, slug) => {
		expect(searchHelp(helpSearchIndex(locale), query)[0]?.slug).toBe(slug);
	});

	it('stays small: each word once', () => {
		for (const entry of helpSearchIndex('da')) {
			const words = entry.terms.split(' ');
			expect(new Set(words).size).toBe(words.length);
		}
	});
});
