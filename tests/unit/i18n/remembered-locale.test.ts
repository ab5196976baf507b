import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import {
	rememberedLocaleKey,
	rememberedLocaleScript,
	rememberedLocaleTarget
} from '$lib/i18n/remembered-locale';

const cases: [path: string, remembered: string | null, expected: string | null][] = [
	['/', 'ar', '/ar'],
	['/', 'en', '/en'],
	['/exemption', 'fa', '/fa/exemption'],
	['/help/exemption', 'uk', '/uk/help/exemption'],
	['/mail/letter/42', 'tr', '/tr/mail/letter/42'],
	// Danish chosen explicitly, nothing chosen, or something invalid stored: stay.
	['/', 'da', null],
	['/', null, null],
	['/', 'xx', null],
	['/', '', null],
	// Already prefixed pages keep their locale: the URL wins.
	['/en', 'ar', null],
	['/ar/exemption', 'en', null],
	['/so/help', 'so', null],
	// A path merely starting like a locale is still unprefixed.
	['/english', 'ar', '/ar/english']
];

/** Runs the inline script as a browser would and returns where it navigated, if anywhere. */
function runScript(pathname: string, stored: string | null, search = '', hash = ''): string | null {
	let replaced: string | null = null;
	runInNewContext(rememberedLocaleScript(), {
		location: { pathname, search, hash, replace: (to: string) => (replaced = to) },
		localStorage: { getItem: (key: string) => (key === rememberedLocaleKey ? stored : null) }
	});
	return replaced;
}

describe('remembered locale', () => {
	it.each(cases)('%s with %s remembered → %s', (path, remembered, expected) => {
		expect(rememberedLocaleTarget({ pathname: path, search: '', hash: '' }, remembered)).toBe(expected);
	});

	it.each(cases)('the inline script agrees: %s with %s → %s', (path, remembered, expected) => {
		expect(runScript(path, remembered)).toBe(expected);
	});

	it('keeps the query and fragment', () => {
		expect(runScript('/help', 'ar', '?q=fritagelse', '#top')).toBe('/ar/help?q=fritagelse#top');
		expect(rememberedLocaleTarget({ pathname: '/help', search: '?q=x', hash: '#a' }, 'en')).toBe(
			'/en/help?q=x#a'
		);
	});

	it('does nothing when storage is blocked', () => {
		expect(() =>
			runInNewContext(rememberedLocaleScript(), {
				location: { pathname: '/', search: '', hash: '', replace: () => {} },
				localStorage: {
					getItem: () => {
						throw new Error('SecurityError');
					}
				}
			})
		).not.toThrow();
	});
});
