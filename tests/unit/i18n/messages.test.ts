import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// Checks every translation against the base locale: missing keys silently fall back to Danish,
// and a plural without a catch-all renders the raw key.
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	baseLocale: string;
	locales: string[];
};

type Message = string | Variant[];
interface Variant {
	declarations?: string[];
	selectors?: string[];
	match: Record<string, string>;
}

function load(locale: string): Record<string, Message> {
	const raw = JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, unknown>;
	delete raw.$schema;
	return raw as Record<string, Message>;
}

function placeholders(message: Message): string[] {
	const texts = typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
	const names = new Set<string>();
	for (const text of texts) for (const match of text.matchAll(/\{(\w+)\}/g)) names.add(match[1]!);
	return [...names].sort();
}

const base = load(settings.baseLocale);

function texts(message: Message): string[] {
	return typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
}

/** Names that stay the same in every language (products, offices, systems, units). */
const sameInEveryLanguage = [
	'Postkasse',
	'Digital Post',
	'Borgerservice',
	'MitID',
	'NemID',
	'NemSMS',
	'e-Boks',
	'mit.dk',
	'borger.dk',
	'SKAT',
	'CPR',
	'SU',
	'PDF',
	'SMS',
	'kbit/s'
];

/** The text a reader sees, minus {placeholders} and the names above. */
function ownWords(text: string): string {
	let rest = text.replace(/\{\w+\}/g, ' ');
	for (const name of sameInEveryLanguage) rest = rest.split(name).join(' ');
	return rest;
}

/** The script each translation must be written in (where it is not Latin). */
const scripts: Record<string, RegExp> = {
	ar: /\p{Script=Arabic}/u,
	fa: /\p{Script=Arabic}/u,
	uk: /\p{Script=Cyrillic}/u
};

describe('message catalogues', () => {
	it('has the seven languages with Danish as base', () => {
		expect(settings.baseLocale).toBe('da');
		expect([...settings.locales].sort()).toEqual(['ar', 'da', 'en', 'fa', 'so', 'tr', 'uk']);
	});

	for (const locale of settings.locales) {
		const messages = load(locale);

		it(`${locale}: has exactly the base locale's keys`, () => {
			expect(Object.keys(messages).sort()).toEqual(Object.keys(base).sort());
		});

		it(`${locale}: uses the same {placeholders} as the base locale`, () => {
			for (const [key, message] of Object.entries(messages)) {
				const baseMessage = base[key];
				if (baseMessage === undefined) continue;
				expect(placeholders(message), key).toEqual(placeholders(baseMessage));
			}
		});

		it(`${locale}: plurals only use categories the language has, on declared selectors`, () => {
			const categories = new Set<string>(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
			for (const [key, message] of Object.entries(messages)) {
				if (typeof message === 'string') continue;
				for (const variant of message) {
					const plurals = new Set(
						(variant.declarations ?? [])
							.map((d) => /^local\s+(\w+)\s*=\s*\w+\s*:\s*plural\b/.exec(d)?.[1])
							.filter((name): name is string => Boolean(name))
					);
					for (const match of Object.keys(variant.match)) {
						for (const part of match.split(',')) {
							const [selector, value] = part.trim().split('=') as [string, string];
							expect(variant.selectors ?? [], `${key}: ${selector} is not a selector`).toContain(selector);
							if (plurals.has(selector) && value !== '*' && !/^\d+$/.test(value)) {
								expect([...categories], `${key}: "${value}" is not a ${locale} plural category`).toContain(
									value
								);
							}
						}
					}
				}
			}
		});

		it(`${locale}: is translated, not copied`, () => {
			const script = scripts[locale];
			const english = load('en');
			for (const [key, message] of Object.entries(messages)) {
				for (const text of texts(message)) {
					const own = ownWords(text);
					if (!/\p{L}/u.test(own)) continue; // only names, numbers and placeholders
					if (script) {
						expect(script.test(own), `${key} should be written in ${locale}'s script: "${text}"`).toBe(true);
					} else if (locale !== 'en' && locale !== settings.baseLocale && english[key] !== undefined) {
						expect(texts(english[key]!), `${key} is the English text copied: "${text}"`).not.toContain(text);
					}
				}
			}
		});

		it(`${locale}: every message is non-empty and every plural has a catch-all`, () => {
			for (const [key, message] of Object.entries(messages)) {
				if (typeof message === 'string') {
					expect(message.trim(), key).not.toBe('');
					continue;
				}
				for (const variant of message) {
					const keys = Object.keys(variant.match);
					expect(
						keys.some((k) => k.split(',').every((part) => part.trim().endsWith('=*'))),
						`${key} needs a variant matching everything (=*)`
					).toBe(true);
				}
			}
		});
	}
});
