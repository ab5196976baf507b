/**
 * The language a person chose last is remembered on the device. The locale stays in the URL; this only
 * matters when someone opens a page without a locale prefix (the installed app starts at "/"), which
 * would otherwise always be Danish. It runs in the page itself, so it works offline too.
 */
import { baseLocale, locales, type Locale } from '$lib/paraglide/runtime';
import { isLocale } from './locales';
import { rememberedLocaleKey, rememberedLocaleScriptSource } from './remembered-locale-script.js';

export { rememberedLocaleKey };

/** Remembers an explicit choice from the language picker (Danish too). */
export function rememberLocale(locale: Locale): void {
	try {
		localStorage.setItem(rememberedLocaleKey, locale);
	} catch {
		// storage blocked: the choice still holds through the URL
	}
}

export function readRememberedLocale(): Locale | null {
	try {
		const value = localStorage.getItem(rememberedLocaleKey);
		return isLocale(value) ? value : null;
	} catch {
		return null;
	}
}

/**
 * Where to send someone who opens `url` after choosing `remembered` before; null to stay.
 * Only unprefixed (Danish) pages move, and only to another configured locale.
 */
export function rememberedLocaleTarget(
	url: { pathname: string; search: string; hash: string },
	remembered: string | null
): string | null {
	return redirectTarget(url.pathname, url.search, url.hash, remembered, prefixedLocales());
}

function prefixedLocales(): string[] {
	return locales.filter((l) => l !== baseLocale);
}

// remembered-locale-script.js carries the same logic as plain ES5; a unit test runs both on the same cases.
function redirectTarget(
	pathname: string,
	search: string,
	hash: string,
	remembered: string | null,
	prefixed: string[]
): string | null {
	if (!remembered || prefixed.indexOf(remembered) === -1) return null;
	const first = pathname.split('/')[1] ?? '';
	if (prefixed.indexOf(first) !== -1) return null;
	const rest = pathname === '/' ? '' : pathname;
	return '/' + remembered + rest + search + hash;
}

/** The inline head script (its text is hashed into the Content-Security-Policy by svelte.config.js). */
export function rememberedLocaleScript(): string {
	return rememberedLocaleScriptSource(prefixedLocales());
}
