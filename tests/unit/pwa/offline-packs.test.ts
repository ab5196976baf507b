import { describe, expect, it } from 'vitest';
import {
	cacheKey,
	isKeepOfflineRequest,
	lookupUrl,
	packOfCacheName,
	packCacheName,
	packsToKeep
} from '$lib/pwa/offline-packs';

const available = new Set([
	'shell',
	'mail',
	'pages-da',
	'pages-en',
	'pages-ar',
	'mail-da',
	'mail-en',
	'mail-ar'
]);
const keep = (locales: string[], options: { mail?: boolean; kept?: string[] } = {}) =>
	packsToKeep({
		baseLocale: 'da',
		locales,
		mail: options.mail ?? false,
		kept: options.kept ?? [],
		available
	}).sort();

describe('which packs the worker keeps', () => {
	it('a first visit: the shell, Danish and the visitor language, no mailbox', () => {
		expect(keep(['da'])).toEqual(['pages-da', 'shell']);
		expect(keep(['en'])).toEqual(['pages-da', 'pages-en', 'shell']);
	});

	it('after sign-in: the mailbox code and its texts in every language in use', () => {
		expect(keep(['en'], { mail: true })).toEqual([
			'mail',
			'mail-da',
			'mail-en',
			'pages-da',
			'pages-en',
			'shell'
		]);
	});

	it('an update keeps what the reader had, including a later language for a signed-in reader', () => {
		expect(keep([], { kept: ['pages-ar', 'mail'] })).toEqual([
			'mail',
			'mail-ar',
			'mail-da',
			'pages-ar',
			'pages-da',
			'shell'
		]);
	});

	it('only packs this build made (an old cache of a removed language is not asked for)', () => {
		expect(keep(['so'], { kept: ['pages-xx'] })).toEqual(['pages-da', 'shell']);
	});
});

describe('cache keys', () => {
	it('look a page up without tracking and SvelteKit parameters', () => {
		const url = (s: string) => new URL(s, 'https://post.example');
		expect(lookupUrl(url('/help?utm_source=x&from=%2Fmail#top'))).toBe('https://post.example/help');
		expect(lookupUrl(url('/help/__data.json?x-sveltekit-invalidated=01'))).toBe(
			'https://post.example/help/__data.json'
		);
		expect(lookupUrl(url('/search?q=skat'))).toBe('https://post.example/search?q=skat');
	});

	it('store a page under its revision, a hashed file under its name', () => {
		expect(cacheKey('https://p.example/help', 'abc')).toBe('https://p.example/help?__rev=abc');
		expect(cacheKey('https://p.example/_app/immutable/x.js', null)).toBe(
			'https://p.example/_app/immutable/x.js'
		);
		expect(packOfCacheName(packCacheName('pages-en'))).toBe('pages-en');
		expect(packOfCacheName('postkasse-files-1')).toBeNull();
	});
});

describe('requests from pages', () => {
	it('accepts only a known locale', () => {
		const locales = ['da', 'en'];
		expect(isKeepOfflineRequest({ type: 'KEEP_OFFLINE', locale: 'en' }, locales)).toBe(true);
		expect(isKeepOfflineRequest({ type: 'KEEP_OFFLINE', locale: 'en', mail: true }, locales)).toBe(true);
		expect(isKeepOfflineRequest({ type: 'KEEP_OFFLINE', locale: 'xx' }, locales)).toBe(false);
		expect(isKeepOfflineRequest({ type: 'KEEP_OFFLINE', locale: 'en', mail: 'yes' }, locales)).toBe(false);
		expect(isKeepOfflineRequest(null, locales)).toBe(false);
	});
});
