/**
 * A short piece of a letter's text around the first word that matched, with the matching words marked.
 * Words are matched as the index matched them (./terms.ts), so "boligstøtten" is marked for "boligstøtte".
 */
import type { LetterText } from './letter-text';
import { searchTerms } from './terms';

export interface Segment {
	text: string;
	mark: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The excerpt of `text` around its first matching word: `before` words ahead of it and up to `length` words
 * in all; null when no word matches.
 */
export function excerpt(
	text: string,
	terms: ReadonlySet<string>,
	{ before = 8, length = 30 } = {}
): Segment[] | null {
	const words: { start: number; end: number; mark: boolean }[] = [];
	// Letters repeat their words: each is folded and stemmed once.
	const seen = new Map<string, boolean>();
	const matches = (word: string) => {
		let found = seen.get(word);
		if (found === undefined) {
			found = searchTerms(word).some((term) => terms.has(term));
			seen.set(word, found);
		}
		return found;
	};
	let first = -1;
	for (const match of text.matchAll(WORD)) {
		const start = match.index;
		const mark = matches(match[0]);
		if (mark && first < 0) first = words.length;
		words.push({ start, end: start + match[0].length, mark });
		if (first < 0 && words.length > before) words.shift();
		if (first >= 0 && words.length - (first - Math.min(first, before)) >= length) break;
	}
	if (first < 0) return null;
	const from = Math.max(0, first - before);
	const shown = words.slice(from, from + length);
	const segments: Segment[] = [];
	const push = (piece: string, mark: boolean) => {
		const last = segments.at(-1);
		if (last && last.mark === mark) last.text += piece;
		else if (piece) segments.push({ text: piece, mark });
	};
	if (shown[0]!.start > 0) push('… ', false);
	for (const [i, word] of shown.entries()) {
		if (i > 0) push(text.slice(shown[i - 1]!.end, word.start).replace(/\s+/g, ' '), false);
		push(text.slice(word.start, word.end), word.mark);
	}
	if (shown.at(-1)!.end < text.trimEnd().length) push(' …', false);
	return segments;
}

/** A letter's excerpt: from its documents' text, else from its notification (the title is shown anyway). */
export function letterExcerpt(text: LetterText, matched: readonly string[]): Segment[] | null {
	if (matched.length === 0) return null;
	const terms = new Set(matched);
	return excerpt(text.body, terms) ?? excerpt(text.notification, terms);
}
