import { describe, expect, it } from 'vitest';
import * as paraglide from '$lib/paraglide/messages';
import { loadLocale, useTexts, type LocaleTexts } from '$lib/i18n/locale-texts';
import {
	compileTexts,
	groupOf,
	groupMembers,
	groupModuleSource,
	localeModuleSource,
	messageModuleSource,
	type CompiledMessage
} from '../../../scripts/vite/locale-texts';

// The browser build replaces paraglide's all-languages message modules with one module per group and
// locale (scripts/vite/locale-texts.ts). These tests compile the real messages that way and check that
// every message says exactly what paraglide's own module says, in every locale.

const groups = { shell: ['app', 'nav'], mail: ['mail', 'outbox'] };

/** Evaluates generated module source as a real ES module. */
async function importSource(source: string): Promise<Record<string, unknown>> {
	return (await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(source)}`)) as Record<
		string,
		unknown
	>;
}

describe('groups', () => {
	it('puts a key in its named group, else in the group of its prefix', () => {
		expect(groupOf('nav_help', groups)).toBe('shell');
		expect(groupOf('outbox_waiting_count', groups)).toBe('mail');
		expect(groupOf('wizard_back', groups)).toBe('wizard');
		expect(groupOf('single', groups)).toBe('single');
	});

	it('lets a longer prefix (whole words) take some keys of a prefix into another group', () => {
		const split = { mail: ['mail', 'access_switch'] };
		expect(groupOf('access_switch_own', split)).toBe('mail');
		expect(groupOf('access_switch', split)).toBe('mail');
		expect(groupOf('access_switches', split)).toBe('access');
		expect(groupOf('access_history_title', split)).toBe('access');
		expect(groupOf('mail_inbox', { mail: ['mail'], later: ['mail_inbox'] })).toBe('later');
	});
});

describe('per-locale modules of the real messages', async () => {
	const compiled = await compileTexts('project.inlang', groups);
	const messages = [...compiled.messages.values()];
	const byGroup = new Map<string, CompiledMessage[]>();
	for (const message of messages)
		byGroup.set(message.group, [...(byGroup.get(message.group) ?? []), message]);
	const sample = (message: CompiledMessage) =>
		Object.fromEntries(
			message.inputs.map((name, i) => [name, name.toLowerCase().includes('count') ? 3 : `v${i}`])
		);

	it('covers every message paraglide compiled', () => {
		const exported = Object.keys(paraglide).filter((name) => name !== 'm');
		expect(messages.map((message) => message.key).sort()).toEqual(exported.sort());
	});

	it.each(compiled.locales)('%s: every message reads as paraglide renders it', async (locale) => {
		for (const [group, members] of byGroup) {
			const module = await importSource(localeModuleSource(members, locale, compiled.baseLocale));
			const texts = module.default as LocaleTexts;
			expect(texts).toHaveLength(members.length);
			for (const [index, message] of members.entries()) {
				const text = texts[index]!;
				const ours = typeof text === 'string' ? text : text(sample(message));
				const theirs = (paraglide as unknown as Record<string, (i: unknown, o: unknown) => string>)[
					message.key
				]!(sample(message), { locale });
				expect(ours, `${group}/${message.key}`).toBe(theirs);
			}
		}
	});

	it('keeps another locale out of a locale module', () => {
		const wizard = byGroup.get('wizard')!;
		const danish = localeModuleSource(wizard, 'da', compiled.baseLocale);
		const english = localeModuleSource(wizard, 'en', compiled.baseLocale);
		expect(danish).toContain('"Tilbage"');
		expect(danish).not.toContain('"Back"');
		expect(english).toContain('"Back"');
		expect(english).not.toContain('Tilbage');
		// Positions, not key names, travel to the browser.
		expect(danish).not.toContain('wizard_back');
	});

	it('makes a message module that looks the text up by its position in its group', () => {
		const back = compiled.messages.get('wizard_back')!;
		const position = groupMembers(compiled, 'wizard').indexOf(back);
		expect(position).toBeGreaterThanOrEqual(0);
		expect(messageModuleSource(back, position)).toBe(
			'import { message } from "virtual:locale-texts/wizard";\n' +
				`export const wizard_back = /* @__PURE__ */ message(${position});\n`
		);
		expect(groupModuleSource('wizard', ['da', 'en'], '/app/locale-texts.ts')).toContain(
			'"en": () => import("virtual:locale-texts/wizard/en")'
		);
	});
});

describe('texts in the browser', () => {
	it('loads the page locale first and another locale on request', async () => {
		const loads: string[] = [];
		const loader = (locale: string) => async (): Promise<{ default: LocaleTexts }> => {
			loads.push(locale);
			return { default: [`hello in ${locale}`, (inputs) => `${String(inputs.n)} in ${locale}`] };
		};
		// Outside a browser paraglide's locale is the base locale, Danish.
		const message = await useTexts('test', { da: loader('da'), en: loader('en') });
		expect(loads).toEqual(['da']);
		expect(message(0)()).toBe('hello in da');
		expect(message(1)({ n: 3 })).toBe('3 in da');
		await loadLocale('en');
		expect(loads).toEqual(['da', 'en']);
		expect(message(0)({}, { locale: 'en' })).toBe('hello in en');
		expect(() => message(2)()).toThrow();
		// A group loaded later brings the extra locale along.
		const later = await useTexts('later', { da: loader('da'), en: loader('en') });
		expect(later(1)({ n: 1 }, { locale: 'en' })).toBe('1 in en');
	});
});
