import { describe, expect, it } from 'vitest';
import { searchTerms, stemTerm } from '../../../../src/lib/mail/search/terms';

describe('search terms', () => {
	it('gives Danish word forms one stem, so "boligstøtten" finds "boligstøtte"', () => {
		expect(searchTerms('Boligstøtten')).toEqual(searchTerms('boligstøtte'));
		expect(searchTerms('ejendomsskatten')).toEqual(searchTerms('Ejendomsskat'));
		expect(searchTerms('Kommunens betalinger')).toEqual(searchTerms('kommune betaling'));
	});

	it('keeps æ, ø and å apart while stemming', () => {
		expect(searchTerms('hår')).not.toEqual(searchTerms('har'));
		expect(searchTerms('BØDE')).toEqual(searchTerms('bøde'));
	});

	it('matches Turkish dotted and dotless i and folds accents before stemming', () => {
		expect(searchTerms('Vergi İADENİZ hazır')).toEqual(searchTerms('vergi iadeniz hazir'));
		expect(searchTerms('Ödeme')).toEqual(searchTerms('odeme'));
	});

	it('folds Arabic letter forms and takes the article off', () => {
		expect(searchTerms('الضريبة')).toEqual(searchTerms('ضريبه'));
		expect(searchTerms('إعفاء')).toEqual(searchTerms('اعفاء'));
		expect(searchTerms('والمساعدة')).toEqual(searchTerms('مساعده'));
		// A short word that only starts like the article keeps its letters.
		expect(stemTerm('الم')).toBe('الم');
	});

	it('leaves short words and numbers as they are, and Danish stop words out', () => {
		expect(searchTerms('Sag 2026-117 om bil')).toEqual(['sag', '2026', '117', 'bil']);
		expect(searchTerms('Og det er PÅ vej')).toEqual(['vej']);
		expect(stemTerm('på')).toBeNull();
	});
});
