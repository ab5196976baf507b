import { describe, expect, it } from 'vitest';
import {
	contentDisposition,
	isMailPage,
	mailPath,
	offlineCandidates,
	offlineDataRedirect,
	retryTarget,
	splitLocale
} from '$lib/pwa/offline-routes';

const locales = ['da', 'en', 'ar', 'fa', 'tr', 'so', 'uk'];
const candidates = (path: string) => offlineCandidates(path, locales, 'da');

describe('offline fallbacks', () => {
	it('splits the locale prefix off', () => {
		expect(splitLocale('/en/help/sign-in', locales, 'da')).toEqual({ prefix: '/en', rest: '/help/sign-in' });
		expect(splitLocale('/help', locales, 'da')).toEqual({ prefix: '', rest: '/help' });
		expect(splitLocale('/ar', locales, 'da')).toEqual({ prefix: '/ar', rest: '/' });
		// Danish has no prefix; /da/... is not a locale path, and neither is a look-alike.
		expect(splitLocale('/da/help', locales, 'da')).toEqual({ prefix: '', rest: '/da/help' });
		expect(splitLocale('/english', locales, 'da')).toEqual({ prefix: '', rest: '/english' });
	});

	it('tries the page itself, then the offline page of its locale', () => {
		expect(candidates('/en/help/sign-in')).toEqual(['/en/help/sign-in', '/en/offline', '/offline']);
		expect(candidates('/login')).toEqual(['/login', '/offline']);
		expect(candidates('/')).toEqual(['/', '/offline']);
		expect(candidates('/fa/')).toEqual(['/fa', '/fa/offline', '/offline']);
	});

	it('sends anything under mail to the mail shell of the same locale', () => {
		expect(candidates('/mail/letter/abc')).toEqual(['/mail/letter/abc', '/mail', '/offline']);
		expect(candidates('/uk/mail/folder/x/')).toEqual([
			'/uk/mail/folder/x',
			'/uk/mail',
			'/uk/offline',
			'/offline'
		]);
		expect(candidates('/ar/mail')).toEqual(['/ar/mail', '/ar/offline', '/offline']);
		expect(candidates('/mailbox')).toEqual(['/mailbox', '/offline']);
	});

	it('knows the mail pages, which need the mailbox code offline', () => {
		expect(isMailPage('/so/mail/write', locales, 'da')).toBe(true);
		expect(isMailPage('/mail/', locales, 'da')).toBe(true);
		expect(isMailPage('/mailbox', locales, 'da')).toBe(false);
		expect(isMailPage('/en/help', locales, 'da')).toBe(false);
		expect(offlineDataRedirect('/en/mail/letter/abc', locales, 'da')).toEqual({
			type: 'redirect',
			location: '/en/offline?from=%2Fen%2Fmail%2Fletter%2Fabc'
		});
	});

	it('builds the mail path a notification opens', () => {
		expect(mailPath('da', 'da')).toBe('/mail');
		expect(mailPath('so', 'da')).toBe('/so/mail');
	});
});

describe('cached letter files', () => {
	it('serves a cached file inline or as a download, keeping its file name', () => {
		expect(contentDisposition('inline; filename="brev.pdf"', true)).toBe('attachment; filename="brev.pdf"');
		expect(contentDisposition('attachment; filename="brev.pdf"', false)).toBe('inline; filename="brev.pdf"');
		expect(contentDisposition(null, true)).toBe('attachment');
		expect(contentDisposition(null, false)).toBeNull();
	});
});

describe('offline page data', () => {
	it('redirects failed page data to the offline page of the same locale, remembering the page', () => {
		expect(offlineDataRedirect('/en/settings/__data.json', locales, 'da')).toEqual({
			type: 'redirect',
			location: '/en/offline?from=%2Fen%2Fsettings'
		});
		expect(offlineDataRedirect('/__data.json', locales, 'da')).toEqual({
			type: 'redirect',
			location: '/offline?from=%2F'
		});
	});

	it('only sends the reader back to a page on this site', () => {
		expect(retryTarget('/en/settings')).toBe('/en/settings');
		expect(retryTarget('//evil.example/x')).toBeNull();
		expect(retryTarget('https://evil.example')).toBeNull();
		expect(retryTarget('/\\evil.example')).toBeNull();
		expect(retryTarget(null)).toBeNull();
	});
});
