import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SUPPORT_PHONE,
	formatSupportHours,
	parseSupportHours,
	parseSupportPhone,
	supportPhone
} from '$lib/config/support';

describe('support phone', () => {
	it('defaults to the number in our source material', () => {
		// The test run does not set PUBLIC_SUPPORT_PHONE.
		expect(supportPhone).toEqual({ display: DEFAULT_SUPPORT_PHONE, href: 'tel:+4599311530' });
	});

	it('keeps the number as written and dials it without spaces', () => {
		expect(parseSupportPhone(' +45  70 12 34 56 ')).toEqual({
			display: '+45 70 12 34 56',
			href: 'tel:+4570123456'
		});
	});

	it('refuses something that is not a phone number', () => {
		expect(() => parseSupportPhone('call us')).toThrow(/PUBLIC_SUPPORT_PHONE/);
		expect(() => parseSupportPhone('javascript:alert(1)')).toThrow(/PUBLIC_SUPPORT_PHONE/);
	});
});

describe('support opening hours', () => {
	it('reads day ranges and single days', () => {
		expect(parseSupportHours('Mon-Thu 08:00-16:00; fri 8:00-14:30')).toEqual([
			{ from: 'mon', to: 'thu', opens: 480, closes: 960 },
			{ from: 'fri', to: 'fri', opens: 480, closes: 870 }
		]);
	});

	it.each(['', 'weekdays 9-15', 'mon-fri 15:00-09:00', 'mon-fri 09:00-25:00', 'xyz 09:00-10:00'])(
		'refuses "%s"',
		(value) => {
			expect(() => parseSupportHours(value)).toThrow(/PUBLIC_SUPPORT_HOURS/);
		}
	);

	const hours = parseSupportHours('mon-thu 09:00-15:00; fri 09:00-13:00');

	it('writes them in Danish with Danish clock style', () => {
		const text = formatSupportHours(hours, 'da');
		expect(text).toContain('mandag til torsdag kl. 09.00');
		expect(text).toContain('fredag kl. 09.00');
		expect(text).toContain(' og ');
	});

	it('writes them in English, Turkish and Ukrainian', () => {
		expect(formatSupportHours(hours, 'en')).toMatch(/^Monday to Thursday, 9:00\sAM\s–\s3:00\sPM and Friday/);
		expect(formatSupportHours(hours, 'tr')).toContain('Pazartesi–Perşembe');
		expect(formatSupportHours(hours, 'uk')).toContain('понеділок – четвер');
	});

	it('writes them in Arabic and Farsi with their own day names', () => {
		expect(formatSupportHours(hours, 'ar')).toContain('من الاثنين إلى الخميس');
		expect(formatSupportHours(hours, 'fa')).toContain('دوشنبه تا پنجشنبه');
	});
});
