/**
 * How letter text becomes search terms, the same for the index and for what the citizen types: folded by the
 * one folding rule ($lib/i18n/fold.ts), then Danish words cut to their Snowball stem ("boligstøtten" and
 * "boligstøtte" are one term) and the Arabic article taken off ("الضريبة" finds "ضريبة").
 */
import { stemmer as danishStem } from '@orama/stemmers/danish';
import { foldText } from '$lib/i18n/fold';

const LATIN = /^[a-zæøå]+$/;
const ARABIC_ARTICLE = /^(?:[وفبك]?ال|لل)(?=\p{L}{3})/u;

/** One folded word as the index holds it. */
export function stemTerm(word: string): string {
	if (LATIN.test(word)) return word.length > 3 ? danishStem(word) : word;
	return word.replace(ARABIC_ARTICLE, '');
}

/** The folded words of a text, in order (before stemming). */
export function foldedWords(text: string): string[] {
	const folded = foldText(text);
	return folded ? folded.split(' ') : [];
}

/** The search terms of a text, in order. */
export function searchTerms(text: string): string[] {
	return foldedWords(text).map(stemTerm);
}
