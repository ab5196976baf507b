// Offline packs: the service worker keeps the app in parts, so a first visit downloads only what works
// offline in the reader's language, not every page in seven languages plus the mailbox.
//   shell      code, styles and icons of the public pages (any language)
//   pages-<l>  the prerendered pages of locale <l> (start, help, wizard, offline, mail shell) and their texts
//   mail       the mailbox's code (and the other signed-in pages'), kept once a citizen has signed in
//   mail-<l>   the mailbox's texts in locale <l>
// The build files every precache entry under one pack (scripts/vite/offline-packs.ts); pure code shared by
// the build, the service worker and the pages.

export const SHELL_PACK = 'shell';
export const MAIL_PACK = 'mail';
export const pagesPack = (locale: string) => `pages-${locale}`;
export const mailTextsPack = (locale: string) => `mail-${locale}`;

/** Cache names of the packs; anything else the worker finds at activation (but letter files) is deleted. */
export const PACK_CACHE_PREFIX = 'postkasse-pack-';
export const packCacheName = (pack: string) => `${PACK_CACHE_PREFIX}${pack}`;
export const packOfCacheName = (name: string) =>
	name.startsWith(PACK_CACHE_PREFIX) ? name.slice(PACK_CACHE_PREFIX.length) : null;

/** A precache entry as the build injects it into the worker (`self.__WB_MANIFEST`). */
export interface PackEntry {
	url: string;
	/** null for file names with a content hash (they never change). */
	revision: string | null;
	pack: string;
}

/**
 * The packs to have: the shell and the base locale's pages always; the pages of each locale in use; every
 * pack kept before (so an update refreshes what the reader had); once signed in, the mailbox's code and its
 * texts in each of those locales. Only packs the build made are returned.
 */
export function packsToKeep(options: {
	baseLocale: string;
	locales: readonly string[];
	mail: boolean;
	kept: readonly string[];
	available: ReadonlySet<string>;
}): string[] {
	const wanted = new Set([SHELL_PACK, pagesPack(options.baseLocale), ...options.locales.map(pagesPack)]);
	for (const pack of options.kept) wanted.add(pack);
	if (options.mail || wanted.has(MAIL_PACK)) {
		wanted.add(MAIL_PACK);
		for (const pack of [...wanted]) {
			if (pack.startsWith('pages-')) wanted.add(mailTextsPack(pack.slice('pages-'.length)));
		}
	}
	return [...wanted].filter((pack) => options.available.has(pack));
}

/** Query parameters that do not change what a cached page or file is. */
export const ignoredParams = [
	/^utm_/,
	/^fbclid$/,
	/^x-sveltekit-invalidated$/,
	/^x-sveltekit-trailing-slash$/,
	/^from$/
];

/** The URL a cached copy is looked up by: without the ignored parameters and the fragment. */
export function lookupUrl(url: URL): string {
	const clean = new URL(url.href);
	clean.hash = '';
	for (const name of [...clean.searchParams.keys()]) {
		if (ignoredParams.some((pattern) => pattern.test(name))) clean.searchParams.delete(name);
	}
	return clean.href;
}

/** Where a pack entry is stored: its URL, plus its revision for files whose name does not change. */
export function cacheKey(absoluteUrl: string, revision: string | null): string {
	if (!revision) return absoluteUrl;
	return `${absoluteUrl}${absoluteUrl.includes('?') ? '&' : '?'}__rev=${encodeURIComponent(revision)}`;
}

// Messages between the pages and the worker.

/** Keep the pages of `locale` (and, with `mail`, the mailbox) offline; the answer says when they are. */
export interface KeepOfflineRequest {
	type: 'KEEP_OFFLINE';
	locale: string;
	mail?: boolean;
}
/** Which packs are complete right now (changes nothing). */
export interface OfflineStatusRequest {
	type: 'OFFLINE_STATUS';
}
export interface OfflineReply {
	ok: boolean;
	/** Files downloaded to answer this request (0 when everything was there already). */
	fetched: number;
	/** Packs now complete on this device. */
	complete: string[];
}

export function isKeepOfflineRequest(data: unknown, locales: readonly string[]): data is KeepOfflineRequest {
	if (typeof data !== 'object' || data === null) return false;
	const { type, locale, mail } = data as Record<string, unknown>;
	return (
		type === 'KEEP_OFFLINE' &&
		typeof locale === 'string' &&
		locales.includes(locale) &&
		(mail === undefined || typeof mail === 'boolean')
	);
}
