/**
 * How letter text becomes search terms, the same for the index and for what the citizen types: folded by the
 * one folding rule ($lib/i18n/fold.ts), Danish stop words ("og", "på", "det") left out, Danish words cut to
 * their Snowball stem ("boligstøtten" and "boligstøtte" are one term) and the Arabic article taken off
 * ("الضريبة" finds "ضريبة").
 */
import { stemmer as danishStem } from '@orama/stemmers/danish';
import { stopwords } from '@orama/stopwords/danish';
import { foldText } from '$lib/i18n/fold';

const LATIN = /^[a-zæøå]+$/;
const ARABIC_ARTICLE = /^(?:[وفبك]?ال|لل)(?=\p{L}{3})/u;
const STOP_WORDS = new Set(stopwords.map(foldText));

/** Stems already worked out: a mailbox uses the same words again and again. */
const stems = new Map<string, string | null>();
const STEMS_KEPT = 100_000;

/** One folded word as the index holds it; null for a stop word (neither indexed nor searched for). */
export function stemTerm(word: string): string | null {
	let stem = stems.get(word);
	if (stem !== undefined) return stem;
	if (STOP_WORDS.has(word)) stem = null;
	else if (LATIN.test(word)) stem = word.length > 3 ? danishStem(word) : word;
	else stem = word.replace(ARABIC_ARTICLE, '');
	if (stems.size >= STEMS_KEPT) stems.clear();
	stems.set(word, stem);
	return stem;
}

/** The folded words of a text, in order (before stemming). */
export function foldedWords(text: string): string[] {
	const folded = foldText(text);
	return folded ? folded.split(' ') : [];
}

/** The search terms of a text, in order, stop words left out. */
export function searchTerms(text: string): string[] {
	return foldedWords(text)
		.map(stemTerm)
		.filter((term) => term !== null);
}
