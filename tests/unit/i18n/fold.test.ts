import { describe, expect, it } from 'vitest';
import { foldText } from '$lib/i18n/fold';

describe('foldText', () => {
	it('folds case, accents and punctuation', () => {
		expect(foldText('Hjælp: Åbn NØGLEKORTET!')).toBe('hjælp åbn nøglekortet');
		expect(foldText('e-Boks')).toBe('e boks');
		expect(foldText('Café Noël')).toBe('cafe noel');
	});

	it('keeps Danish æ, ø and å letters of their own, however å is written', () => {
		expect(foldText('hår')).not.toBe(foldText('har'));
		expect(foldText('FØR')).toBe('før');
		expect(foldText('Æble')).toBe('æble');
		// å as one character, as a + combining ring, and as the ångström sign
		expect(foldText('Ålborg')).toBe('ålborg');
		expect(foldText('A\u030alborg')).toBe('ålborg');
		expect(foldText('\u212Blborg')).toBe('ålborg');
	});

	it('matches Turkish dotted and dotless i either way', () => {
		expect(foldText('İnternet')).toBe(foldText('internet'));
		expect(foldText('Dijital Postanız')).toBe('dijital postaniz');
	});

	it('folds Arabic and Farsi letter variants and diacritics', () => {
		expect(foldText('أَلإعفاء')).toBe(foldText('الاعفاء'));
		expect(foldText('معافیت')).toBe(foldText('معافيت'));
		expect(foldText('کمک')).toBe(foldText('كمك'));
	});
});
