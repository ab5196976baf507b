/**
 * Texts per locale in the browser. The build (scripts/vite/locale-texts.ts) replaces paraglide's message
 * modules, which carry every message in all seven languages, with small functions that look the text up
 * here; each group of messages (by key prefix, e.g. `wizard_`) has one small module per locale, and a page
 * downloads only the modules of its own locale. Server rendering, prerendering, tests and `vite dev` keep
 * paraglide's own modules.
 */
import { getLocale } from '$lib/paraglide/runtime';

/** One group's messages in one locale, as paraglide compiled them. */
export type LocaleTexts = Record<string, (inputs: Record<string, unknown>) => string>;
export type TextLoaders = Record<string, () => Promise<LocaleTexts>>;

interface Group {
	loaders: TextLoaders;
	loaded: Map<string, LocaleTexts>;
}

const groups = new Map<string, Group>();
/** Locales asked for besides the page's own (the wizard's printout adds Danish); later groups load them too. */
const extraLocales = new Set<string>();

async function load(group: Group, locale: string): Promise<void> {
	if (group.loaded.has(locale)) return;
	const loader = group.loaders[locale];
	if (!loader) throw new Error(`no texts for locale ${locale}`);
	group.loaded.set(locale, await loader());
}

/**
 * Loads a group's texts in the page's locale (and any locale asked for with `loadLocale`) and returns the
 * lookup the group's message functions call. The generated group module awaits this at its top level, so
 * nothing renders before its texts are there.
 */
export async function useTexts(
	name: string,
	loaders: TextLoaders
): Promise<(locale?: string) => LocaleTexts> {
	const group: Group = groups.get(name) ?? { loaders, loaded: new Map() };
	groups.set(name, group);
	await Promise.all([getLocale(), ...extraLocales].map((locale) => load(group, locale)));
	return (locale = getLocale()) => group.loaded.get(locale) ?? notLoaded(name, locale, group);
}

function notLoaded(name: string, locale: string, group: Group): LocaleTexts {
	// A message asked for in a locale nobody loaded (a bug: call loadLocale first). Show the page's own
	// language rather than nothing, and say so where developers and tests look.
	console.error(`texts of "${name}" in "${locale}" were not loaded; call loadLocale("${locale}") first`);
	const fallback = group.loaded.get(getLocale()) ?? group.loaded.values().next().value;
	if (!fallback) throw new Error(`texts of "${name}" were never loaded`);
	return fallback;
}

/**
 * Makes messages in another locale available on this page, e.g. Danish beside the reader's language in
 * the wizard's printout. Resolves when every group loaded so far has that locale; groups loaded later
 * bring it along. Without the per-locale build (dev, tests) every locale is always there.
 */
export async function loadLocale(locale: string): Promise<void> {
	extraLocales.add(locale);
	await Promise.all([...groups.values()].map((group) => load(group, locale)));
}
