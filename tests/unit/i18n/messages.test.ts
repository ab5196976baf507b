import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// Checks every translation against the base locale: missing keys silently fall back to Danish,
// and a plural without a catch-all renders the raw key (see guides/pwa-sveltekit-paraglide.md).
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
