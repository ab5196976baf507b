/**
 * LIX readability index (Björnsson): words per sentence + 100 × share of long words (more than six
 * letters). Below 25 is easy, 35–44 is ordinary newspaper text, 55+ is hard.
 *
 * A sentence ends at `.`, `!`, `?`, `:` or `;`, and at a line break: headings, button labels and list
 * items are separate units of reading even without punctuation. A dot does not end a sentence after an
 * abbreviation ("kl. 9", "fx.") or in a Danish ordinal before a lower-case word ("1. oktober",
 * "2. kalenderår").
 */

export interface LixResult {
	lix: number;
	words: number;
	sentences: number;
	longWords: number;
}

// A word is a run of letters or digits, kept whole across inner hyphens, apostrophes, dots and
// zero-width joiners (e-Boks, mit.dk, hay'adaha, Farsi نامه‌ها).
const wordPattern = /[\p{L}\p{M}\p{N}]+(?:[-'’.\u200c\u200d][\p{L}\p{M}\p{N}]+)*/gu;
// A mark ends a sentence only before a space or the end, so "mit.dk", "1.5" and "9:00" do not.
const sentenceEnd = /[.!?:;؟]+(?=\s|$)|\n+/gu;
/** Abbreviations written with a dot in our texts (lower case, without their final dot). */
const abbreviations = new Set(['kl', 'fx', 'f.eks', 'ca', 'nr', 'jf', 'evt', 'dvs', 'bl.a', 'tlf', 'inkl']);

export function words(text: string): string[] {
	return text.match(wordPattern) ?? [];
}

/** A long word has more than six letters; digits do not count as letters. */
export function isLongWord(word: string): boolean {
	return (word.match(/\p{L}/gu)?.length ?? 0) > 6;
}

function endsSentence(text: string, index: number, mark: string): boolean {
	if (mark !== '.') return true;
	const before = /[\p{L}\p{N}.]*$/u.exec(text.slice(0, index))![0];
	if (abbreviations.has(before.toLowerCase())) return false;
	// "1. oktober": an ordinal number, the sentence goes on in lower case.
	return !(/^\p{N}+$/u.test(before) && /^\s+\p{Ll}/u.test(text.slice(index + 1)));
}

export function sentences(text: string): string[] {
	const parts: string[] = [];
	let start = 0;
	for (const match of text.matchAll(sentenceEnd)) {
		if (!endsSentence(text, match.index, match[0])) continue;
		parts.push(text.slice(start, match.index));
		start = match.index + match[0].length;
	}
	parts.push(text.slice(start));
	return parts.filter((part) => words(part).length > 0);
}

export function lix(text: string): LixResult {
	const allWords = words(text);
	const sentenceCount = sentences(text).length;
	const longWords = allWords.filter(isLongWord).length;
	if (allWords.length === 0 || sentenceCount === 0) {
		return { lix: 0, words: 0, sentences: 0, longWords: 0 };
	}
	const value = allWords.length / sentenceCount + (100 * longWords) / allWords.length;
	return { lix: Math.round(value * 10) / 10, words: allWords.length, sentences: sentenceCount, longWords };
}

const blockTags =
	'address|article|aside|blockquote|br|button|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|' +
	'form|h[1-6]|header|hr|label|legend|li|main|nav|ol|p|pre|section|summary|table|td|th|tr|ul';

/**
 * The text a reader sees in a piece of our own HTML, one block (heading, paragraph, button, list
 * item…) per line, for `lix`. Select options are left out: they are choices, not sentences.
 */
export function textFromHtml(html: string): string {
	return html
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<(script|style|select|svg)\b[\s\S]*?<\/\1>/gi, '\n')
		.replace(new RegExp(`</?(?:${blockTags})\\b[^>]*>`, 'gi'), '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.split('\n')
		.map((line) => line.replace(/\s+/g, ' ').trim())
		.filter((line) => line !== '')
		.join('\n');
}
