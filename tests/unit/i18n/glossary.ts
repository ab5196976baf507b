import { readFileSync } from 'node:fs';

/**
 * Reads messages/glossary.md: one row per thing, one column per locale. A cell is "word / form / form";
 * a cell in (brackets) is not checked. A form matches at the start of a word (so stems find their
 * inflections), a "quoted" form only as a whole word; in Arabic and Farsi, where particles join the word
 * in front, anywhere.
 */
export interface GlossaryRow {
	thing: string;
	/** Accepted forms per locale (lower case, first is the word to use); absent when not checked. */
	forms: Partial<Record<string, string[]>>;
}

function cells(line: string): string[] {
	return line
		.trim()
		.replace(/^\||\|$/g, '')
		.split('|')
		.map((cell) => cell.trim());
}

function tables(markdown: string): string[][][] {
	const found: string[][][] = [];
	let current: string[][] | null = null;
	for (const line of markdown.split('\n')) {
		if (line.trim().startsWith('|')) {
			const row = cells(line);
			if (row.every((cell) => /^-+$/.test(cell))) continue;
			current ??= [];
			current.push(row);
		} else if (current) {
			found.push(current);
			current = null;
		}
	}
	if (current) found.push(current);
	return found;
}

/** Lower case in the locale's own rules, without Arabic vowel marks and tatweel. */
export function fold(text: string, locale: string): string {
	return text
		.normalize('NFC')
		.toLocaleLowerCase(locale)
		.replace(/[\u064B-\u0652\u0670\u0640]/g, '');
}

const markdown = readFileSync('messages/glossary.md', 'utf8');
const [terms, unused] = tables(markdown) as [string[][], string[][]];
const [header, ...rows] = terms;

export const glossaryLocales = header!.slice(1);

export const glossary: GlossaryRow[] = rows.map((row) => {
	const forms: GlossaryRow['forms'] = {};
	glossaryLocales.forEach((locale, i) => {
		const cell = row[i + 1] ?? '';
		if (cell === '' || /^\(.*\)$/.test(cell)) return;
		forms[locale] = cell.split('/').map((form) => fold(form.trim(), locale));
	});
	return { thing: row[0]!, forms };
});

/** Words a locale must not use at all, e.g. Danish "log ind" (the pair is "log på" / "log af"). */
export const notUsed: Record<string, string[]> = Object.fromEntries(
	unused[0]!.map((locale, i) => [
		locale,
		(unused[1]![i] ?? '')
			.split(',')
			.map((word) => fold(word.trim(), locale))
			.filter(Boolean)
	])
);

/**
 * Whether `text` uses the thing: one of its forms occurs once the longer words of OTHER things that contain
 * a form are blanked out (so Danish "kode" is not found inside "adgangskode", nor "nøgle" in "nøglekort").
 */
export function uses(text: string, row: GlossaryRow, locale: string): boolean {
	const forms = row.forms[locale];
	if (!forms) return false;
	const bare = (form: string) => form.replace(/^"|"$/g, '');
	let rest = fold(text, locale);
	for (const other of glossary) {
		if (other === row) continue;
		for (const longer of (other.forms[locale] ?? []).map(bare)) {
			if (forms.some((form) => longer !== bare(form) && longer.includes(bare(form)))) {
				rest = rest.split(longer).join(' ');
			}
		}
	}
	return forms.some((form) => pattern(form, locale).test(rest));
}

const joinedScripts = new Set(['ar', 'fa']);

function pattern(form: string, locale: string): RegExp {
	const whole = /^".*"$/.test(form);
	const escaped = form.replace(/^"|"$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	if (joinedScripts.has(locale)) return new RegExp(escaped, 'u');
	return new RegExp(`(?<![\\p{L}\\p{M}])${escaped}${whole ? '(?![\\p{L}\\p{M}])' : ''}`, 'u');
}

export function row(thing: string): GlossaryRow {
	const found = glossary.find((r) => r.thing === thing);
	if (!found) throw new Error(`glossary has no row "${thing}"`);
	return found;
}
