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
