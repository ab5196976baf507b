import { describe, expect, it } from 'vitest';
import { isLongWord, lix, sentences, words } from '$lib/plain-language/lix';

describe('LIX', () => {
	it('is words per sentence plus the percentage of words longer than six letters', () => {
		// 10 words, 2 sentences, 2 long words ("Borgerservice", "fritaget") → 5 + 20 = 25.
		const result = lix('Gå til Borgerservice i dag. Så kan du blive fritaget.');
		expect(result).toEqual({ lix: 25, words: 10, sentences: 2, longWords: 2 });
	});

	it('counts letters only: seven letters is long, six is not, digits never', () => {
		expect(isLongWord('fritage')).toBe(true);
		expect(isLongWord('Danmark')).toBe(true);
		expect(isLongWord('papirs')).toBe(false);
		expect(isLongWord('12345678')).toBe(false);
		expect(isLongWord('Українська')).toBe(true);
		expect(isLongWord('نامه‌های')).toBe(true);
	});

	it('keeps hyphenated, dotted and apostrophe words whole', () => {
		expect(words("e-Boks and mit.dk, hay'adaha")).toEqual(['e-Boks', 'and', 'mit.dk', "hay'adaha"]);
		expect(words('نامه‌های من')).toEqual(['نامه‌های', 'من']);
	});

	it('ends sentences at punctuation and at line breaks (headings, buttons)', () => {
		expect(sentences('Kan du blive fritaget?\nJa\nNej\nVed ikke')).toHaveLength(4);
		expect(sentences('Først. Så: sidst!')).toHaveLength(3);
		expect(sentences('Post i e-Boks og mit.dk er ikke med.')).toHaveLength(1);
	});

	it('scores a long official sentence far above a plain one', () => {
		const official = lix(
			'Fritagelse fra obligatorisk modtagelse af digital kommunikation forudsætter personligt fremmøde i kommunens borgerservicecenter med gyldig legitimation.'
		);
		const plain = lix('Gå til Borgerservice. Tag dit sygesikringskort med.');
		expect(official.lix).toBeGreaterThan(60);
		expect(plain.lix).toBeLessThan(official.lix / 2);
	});

	it('gives 0 for empty text', () => {
		expect(lix('  \n ').lix).toBe(0);
	});
});

describe('sentence ends that are not', () => {
	it('a Danish date: "1. oktober" goes on in lower case', () => {
		expect(sentences('Reglerne blev ændret 1. oktober 2017. Spørg Borgerservice.')).toEqual([
			'Reglerne blev ændret 1. oktober 2017',
			' Spørg Borgerservice'
		]);
		expect(sentences('Den varer til 1. november i det 2. kalenderår.')).toHaveLength(1);
	});

	it('"kl." and other abbreviations', () => {
		expect(sentences('Vi har åbent mandag kl. 09.00–15.00. Ring til os.')).toHaveLength(2);
		expect(sentences('Det kan fx. være demens. Eller bl.a. blindhed.')).toHaveLength(2);
		expect(sentences('Tag fx dit pas med.')).toHaveLength(1);
	});

	it('a number at the end of a sentence still ends it', () => {
		expect(sentences('Der er 5. Så er der 6.')).toHaveLength(2);
		expect(sentences('Det var i 2017. Nu er det anderledes.')).toHaveLength(2);
	});

	it('so a date in a sentence does not lower the score', () => {
		// Counted as two sentences before the fix: 11 words / 2 instead of / 1.
		const result = lix('Efter de gamle regler ville den være sluttet 1. november 2018.');
		expect(result.sentences).toBe(1);
		expect(result.words).toBe(11);
	});
});
