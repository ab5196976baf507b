import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'svelte/server';
import {
	formatSupportHours,
	parseSupportHours,
	parseSupportPhone,
	publicSupportPageHref,
	readSupportConfig,
	supportHours,
	supportPhone,
	weekdayName
} from '$lib/config/support';
import SupportContact from '$lib/help/SupportContact.svelte';
import { textFromHtml } from '$lib/plain-language/lix';

// Issue 14 §1: a build without PUBLIC_SUPPORT_PHONE shows no phone number at all; it points to
// Borgerservice in the reader's municipality and to the public Digital Post pages instead.

describe('support line from the build environment', () => {
	it('this test run sets no PUBLIC_SUPPORT_PHONE, so the module has no phone and no hours', () => {
		expect(supportPhone).toBeNull();
		expect(supportHours).toBeNull();
	});

	it('reads the module again with the variables set, as a deployment would build it', async () => {
		vi.resetModules();
		vi.doMock('$env/static/public', () => ({
			PUBLIC_SUPPORT_PHONE: '+45 70 12 34 56',
			PUBLIC_SUPPORT_HOURS: 'mon-fri 09:00-15:00'
		}));
		const configured = await import('$lib/config/support');
		expect(configured.supportPhone).toEqual({ display: '+45 70 12 34 56', href: 'tel:+4570123456' });
		expect(configured.supportHours).toEqual([{ from: 'mon', to: 'fri', opens: 540, closes: 900 }]);
	});

	afterEach(() => {
		vi.doUnmock('$env/static/public');
		vi.resetModules();
	});

	it('no phone: no phone and no hours', () => {
		expect(readSupportConfig({})).toEqual({ phone: null, hours: null });
		expect(readSupportConfig({ PUBLIC_SUPPORT_PHONE: '  ' })).toEqual({ phone: null, hours: null });
	});

	it('a phone without hours shows no hours; hours are never made up', () => {
		expect(readSupportConfig({ PUBLIC_SUPPORT_PHONE: '+45 70 12 34 56' })).toEqual({
			phone: { display: '+45 70 12 34 56', href: 'tel:+4570123456' },
			hours: null
		});
	});

	it('hours without a phone fail the build', () => {
		expect(() => readSupportConfig({ PUBLIC_SUPPORT_HOURS: 'mon-fri 09:00-15:00' })).toThrow(
			/PUBLIC_SUPPORT_HOURS is set without PUBLIC_SUPPORT_PHONE/
		);
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
		expect(() => readSupportConfig({ PUBLIC_SUPPORT_PHONE: 'ring os' })).toThrow(/PUBLIC_SUPPORT_PHONE/);
	});
});

describe('who to contact, as the footer shows it', () => {
	const text = (support: Parameters<typeof readSupportConfig>[0], locale: 'da' | 'en' | 'ar') =>
		render(SupportContact, { props: { support: readSupportConfig(support), locale } }).body;

	it('without a phone: Borgerservice and the public Digital Post page, no number, no tel: link', () => {
		const da = text({}, 'da');
		expect(da).not.toContain('tel:');
		expect(da).not.toMatch(/\+45/);
		expect(textFromHtml(da)).toContain('Borgerservice i din kommune kan hjælpe dig med Digital Post.');
		expect(da).toContain('href="https://www.borger.dk"');
		const en = text({}, 'en');
		expect(textFromHtml(en)).toContain('Borgerservice in your municipality');
		expect(en).toContain(`href="${publicSupportPageHref('en')}"`);
		expect(publicSupportPageHref('en')).toBe(
			'https://lifeindenmark.borger.dk/apps-and-digital-services/Digital-Post'
		);
		expect(textFromHtml(text({}, 'ar'))).toContain('(Borgerservice)');
	});

	it('with a phone and hours: the number as a tel: link and the hours in the reader’s language', () => {
		const env = { PUBLIC_SUPPORT_PHONE: '+45 70 12 34 56', PUBLIC_SUPPORT_HOURS: 'mon-fri 09:00-15:00' };
		const da = text(env, 'da');
		expect(da).toContain('href="tel:+4570123456"');
		expect(textFromHtml(da)).toContain('Åbent mandag til fredag kl. 09.00–15.00 (dansk tid).');
		expect(da).not.toContain('borger.dk');
	});

	it('with a phone but no hours: the number only', () => {
		const da = textFromHtml(text({ PUBLIC_SUPPORT_PHONE: '+45 70 12 34 56' }, 'da'));
		expect(da).toContain('+45 70 12 34 56');
		expect(da).not.toContain('Åbent');
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

	it('writes them in English (British clock, as dates are), Turkish and Ukrainian', () => {
		expect(formatSupportHours(hours, 'en')).toMatch(/^Monday to Thursday, 09:00\s?–\s?15:00 and Friday/);
		expect(formatSupportHours(hours, 'tr')).toContain('Pazartesi–Perşembe');
		expect(formatSupportHours(hours, 'uk')).toContain('понеділок – четвер');
	});

	it('writes them in Arabic and Farsi with their own day names', () => {
		expect(formatSupportHours(hours, 'ar')).toContain('من الاثنين إلى الخميس');
		expect(formatSupportHours(hours, 'fa')).toContain('دوشنبه تا پنجشنبه');
	});

	it('writes them in Somali with Somali day names and a 24-hour clock, not English', () => {
		const text = formatSupportHours(hours, 'so');
		expect(text).toMatch(/^Isniin ilaa Khamiis, 09:00\s?–\s?15:00 iyo Jimco, 09:00\s?–\s?13:00$/);
		expect(text).not.toMatch(/Mon|Fri|AM|PM|and/);
		expect(weekdayName('sun', 'so')).toBe('Axad');
	});
});
