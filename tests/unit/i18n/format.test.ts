import { describe, expect, it } from 'vitest';
import {
	formatDate,
	formatFileSize,
	formatNumber,
	formatShortDate,
	formatTime,
	monthNames
} from '$lib/i18n/format';

const firstNovember2018 = new Date(Date.UTC(2018, 10, 1, 12));

describe('Intl formatting per locale', () => {
	it('writes dates in the reader’s language', () => {
		expect(formatDate(firstNovember2018, 'da')).toBe('1. november 2018');
		expect(formatDate(firstNovember2018, 'en')).toBe('1 November 2018');
		expect(formatDate(firstNovember2018, 'uk')).toMatch(/^1 листопада 2018/);
		expect(formatDate(firstNovember2018, 'tr')).toBe('1 Kasım 2018');
	});

	it('keeps the Gregorian calendar in Farsi and Arabic, so dates match the letters', () => {
		const fa = formatDate(firstNovember2018, 'fa');
		expect(fa).toContain('نوامبر');
		expect(fa).toMatch(/۲۰۱۸|2018/);
		expect(formatDate(firstNovember2018, 'ar')).toMatch(/نوفمبر/);
		expect(monthNames('fa')[0]).toBe('ژانویه');
		expect(monthNames('da')).toHaveLength(12);
		expect(monthNames('da')[11]).toBe('december');
	});

	it('uses Danish time for the day of a letter', () => {
		// 23:30 UTC on 31 December is already 1 January in Copenhagen.
		expect(formatShortDate(new Date(Date.UTC(2024, 11, 31, 23, 30)), 'en')).toBe('1 Jan 2025');
		expect(formatTime(new Date(Date.UTC(2024, 11, 31, 23, 30)), 'da')).toBe('00.30');
	});

	it('writes numbers and sizes with the locale’s digits and separators', () => {
		expect(formatNumber(1234.5, 'da')).toBe('1.234,5');
		expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
		expect(formatNumber(3, 'fa')).toBe('۳');
		expect(formatFileSize(1_500_000, 'da')).toBe('1,5 MB');
		expect(formatFileSize(999, 'en')).toBe('1 kB');
		expect(formatFileSize(262, 'en')).toBe('0.3 kB');
		expect(formatFileSize(12, 'da')).toBe('0,1 kB');
		expect(formatFileSize(48_300, 'da')).toBe('48 kB');
	});
});
