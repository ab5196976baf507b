/**
 * Texts per locale in the browser. The build (scripts/vite/locale-texts.ts) replaces paraglide's message
 * modules, which carry every message in all seven languages, with small functions that look the text up
 * here by position; each group of messages (by key prefix, e.g. `wizard_`) has one small module per locale,
 * and a page downloads only the modules of its own locale. Server rendering, prerendering, tests and
 * `vite dev` keep paraglide's own modules.
 */
import { getLocale } from '$lib/paraglide/runtime';

type Inputs = Record<string, unknown>;
/** One group's messages in one locale, in the group's order: text, or a function of the inputs. */
export type LocaleTexts = (string | ((inputs: Inputs) => string))[];
export type TextLoaders = Record<string, () => Promise<{ default: LocaleTexts }>>;
/** A message as paraglide's API has it: `m.key(inputs, { locale })`. */
export type Message = (inputs?: Inputs, options?: { locale?: string }) => string;

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
	group.loaded.set(locale, (await loader()).default);
}

/**
 * Loads a group's texts in the page's locale (and any locale asked for with `loadLocale`) and returns the
 * factory of the group's message functions (by position). The generated group module awaits this at its
 * top level, so nothing renders before its texts are there.
 */
export async function useTexts(name: string, loaders: TextLoaders): Promise<(index: number) => Message> {
	const group: Group = groups.get(name) ?? { loaders, loaded: new Map() };
	groups.set(name, group);
	await Promise.all([getLocale(), ...extraLocales].map((locale) => load(group, locale)));
	const texts = (locale: string = getLocale()) => group.loaded.get(locale) ?? notLoaded(name, locale, group);
	return (index) =>
		(inputs = {}, options = {}) => {
			const text = texts(options.locale)[index];
			if (text === undefined) throw new Error(`no message ${index} in the texts of "${name}"`);
			return typeof text === 'string' ? text : text(inputs);
		};
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
