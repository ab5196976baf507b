import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { locales, type Locale } from '$lib/paraglide/runtime';
import { getHelpArticle, helpSlugs } from '$lib/help/articles.server';
import { fold, glossary, glossaryLocales, notUsed, row, uses } from './glossary';
import { screens, screenText } from '../wizard/screens';
import { supportInfoFrom } from '$lib/wizard/support-info';
import { parseSupportPhone } from '$lib/config/support';

// One word per thing (issue 14 §4, issue 16 §2): wherever the Danish text uses a glossary word, each
// language uses its own glossary word, in the app's messages and in the help articles.
type Message = string | { match: Record<string, string> }[];

function messages(locale: string): Record<string, string> {
	const raw = JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, Message>;
	delete raw.$schema;
	return Object.fromEntries(
		Object.entries(raw).map(([key, message]) => [
			key,
			typeof message === 'string' ? message : message.flatMap((v) => Object.values(v.match)).join('\n')
		])
	);
}

const others = locales.filter((l) => l !== 'da');
const base = messages('da');
const borgerservice = row('Borgerservice');
const digitalPost = row('Digital Post');
const withPhone = supportInfoFrom({ phone: parseSupportPhone('+45 70 12 34 56'), hours: null });

describe('glossary', () => {
	it('has a column for every locale and a word for every thing in Danish', () => {
		expect([...glossaryLocales].sort()).toEqual([...locales].sort());
		for (const r of glossary) expect(r.forms.da, r.thing).toBeDefined();
	});

	it('finds words by their forms, not inside longer words of other things', () => {
		expect(uses('Skriv din adgangskode.', row('code (the 6 digits)'), 'da')).toBe(false);
		expect(uses('Skriv koden.', row('code (the 6 digits)'), 'da')).toBe(true);
		expect(uses('Find nøglen på dit nøglekort.', row('key (the 4-digit number)'), 'da')).toBe(true);
		expect(uses('Tag dit nøglekort med.', row('key (the 4-digit number)'), 'da')).toBe(false);
		expect(uses('Tag dit sundhedskort med.', row('SU (student grant)'), 'da')).toBe(false);
		expect(uses('Beskeder om SU.', row('SU (student grant)'), 'da')).toBe(true);
		expect(uses('اذهب إلى مكتب خدمة المواطنين (Borgerservice).', borgerservice, 'ar')).toBe(true);
		expect(uses('Postanızı Dijital Posta’da okuyun.', digitalPost, 'tr')).toBe(true);
	});
});

for (const locale of others) {
	describe(`${locale} uses the glossary words`, () => {
		const own = messages(locale);

		it('in every message where Danish uses the Danish word', () => {
			const missing: string[] = [];
			for (const [key, danish] of Object.entries(base)) {
				const text = own[key];
				if (text === undefined) continue;
				for (const r of glossary) {
					if (!r.forms[locale] || !uses(danish, r, 'da')) continue;
					if (!uses(text, r, locale))
						missing.push(`${key}: "${r.thing}" → ${r.forms[locale]![0]} in "${text}"`);
				}
			}
			expect(missing.length, missing.join('\n')).toBe(0);
		});

		it('in every help article where the Danish article uses the Danish word', () => {
			const missing: string[] = [];
			for (const slug of helpSlugs()) {
				const danish = getHelpArticle('da', slug)!;
				const article = getHelpArticle(locale, slug)!;
				const text = `${article.title}\n${article.summary}\n${article.text}`;
				for (const r of glossary) {
					if (!r.forms[locale] || !uses(`${danish.title}\n${danish.summary}\n${danish.text}`, r, 'da'))
						continue;
					if (!uses(text, r, locale)) missing.push(`${slug}: "${r.thing}" → ${r.forms[locale]![0]}`);
				}
			}
			expect(missing.length, missing.join('\n')).toBe(0);
		});

		it('names Borgerservice in Danish beside the local word, in every message', () => {
			const bare = Object.entries(own)
				.filter(([, text]) => uses(text, borgerservice, locale) && !text.includes('Borgerservice'))
				.map(([key, text]) => `${key}: ${text}`);
			expect(bare.length, bare.join('\n')).toBe(0);
		});

		it('names Borgerservice and Digital Post in Danish in every help article and wizard screen using them', () => {
			const bare: string[] = [];
			const check = (where: string, text: string) => {
				if (uses(text, borgerservice, locale) && !text.includes('Borgerservice'))
					bare.push(`${where}: Borgerservice`);
				if (uses(text, digitalPost, locale) && !text.includes('Digital Post'))
					bare.push(`${where}: Digital Post`);
			};
			for (const slug of helpSlugs()) {
				const article = getHelpArticle(locale, slug)!;
				check(`help ${slug}`, `${article.title}\n${article.text}`);
			}
			for (const [name, state] of screens) {
				check(`wizard ${name}`, screenText(state, locale as Locale));
				check(`wizard ${name} (with a phone)`, screenText(state, locale as Locale, withPhone));
			}
			expect(bare.length, bare.join('\n')).toBe(0);
		});
	});
}

describe('words we do not use', () => {
	for (const [locale, words] of Object.entries(notUsed)) {
		it(`${locale}: none in messages or help articles`, () => {
			const texts = [
				...Object.entries(messages(locale)).map(([key, text]) => [key, text] as const),
				...helpSlugs().map((slug) => {
					const a = getHelpArticle(locale as Locale, slug)!;
					return [`help ${slug}`, `${a.title}\n${a.summary}\n${a.text}`] as const;
				})
			];
			const found = texts.flatMap(([where, text]) =>
				words.filter((word) => fold(text, locale).includes(word)).map((word) => `${where}: "${word}"`)
			);
			expect(found.length, found.join('\n')).toBe(0);
		});
	}
});
