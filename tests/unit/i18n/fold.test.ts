import { describe, expect, it } from 'vitest';
import { foldText } from '$lib/i18n/fold';

describe('foldText', () => {
	it('folds case, accents and punctuation', () => {
		expect(foldText('Hjælp: Åbn NØGLEKORTET!')).toBe('hjælp abn nøglekortet');
		expect(foldText('e-Boks')).toBe('e boks');
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
