import * as publicEnv from '$env/static/public';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/format';
import {
	readSupportConfig,
	weekdays,
	type OpeningPeriod,
	type SupportPhone,
	type Weekday
} from './support-env';

export * from './support-env';

/*
 * The support line of a deployment, read at build time: prerendered pages and the client bundle carry
 * it, so it works offline. Postkasse ships with NO number: a number nobody has checked must never be
 * presented as "call us". Without PUBLIC_SUPPORT_PHONE the help centre, the wizard and the footer point
 * to Borgerservice in the reader's municipality and to the public Digital Post pages instead.
 */

// ---------------------------------------------------------------------------------------------------
// Opening hours in the reader's language
// ---------------------------------------------------------------------------------------------------

/**
 * Weekday names for languages whose Intl data browsers lack: Chromium ships no Somali, so
 * `Intl.DateTimeFormat('so')` falls back to English there ("Mon ilaa Fri") while Node (prerendering)
 * knows it. Using our own names in both keeps the page the same before and after hydration.
 */
const ownWeekdayNames: Partial<Record<Locale, Record<Weekday, string>>> = {
	so: {
		mon: 'Isniin',
		tue: 'Talaado',
		wed: 'Arbaco',
		thu: 'Khamiis',
		fri: 'Jimco',
		sat: 'Sabti',
		sun: 'Axad'
	}
};
/** The locale whose clock style stands in where the language's own is missing: 24-hour "09:00". */
const ownClockLocale: Partial<Record<Locale, string>> = { so: 'en-GB' };

// 1 January 2024 was a Monday; UTC keeps the clock times exactly as configured.
const monday = Date.UTC(2024, 0, 1);
const dayMs = 24 * 60 * 60 * 1000;
const at = (day: Weekday, minute = 0) => new Date(monday + weekdays.indexOf(day) * dayMs + minute * 60_000);

/** "mandag", "Monday", "Isniin"… */
export function weekdayName(day: Weekday, locale: Locale): string {
	const own = ownWeekdayNames[locale];
	if (own) return own[day];
	return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' }).format(at(day));
}

/** "mandag til fredag kl. 09.00–15.00", "Isniin ilaa Jimco, 09:00–15:00", in the reader's language. */
export function formatSupportHours(periods: OpeningPeriod[], locale: Locale): string {
	const clockLocale = ownClockLocale[locale] ?? intlLocale(locale);
	const clock = new Intl.DateTimeFormat(clockLocale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
	const parts = periods.map((period) => {
		const days =
			period.from === period.to
				? weekdayName(period.from, locale)
				: m.common_day_range(
						{ from: weekdayName(period.from, locale), to: weekdayName(period.to, locale) },
						{ locale }
					);
		const time = clock.formatRange(at(period.from, period.opens), at(period.from, period.closes));
		return m.common_hours_period({ days, time }, { locale });
	});
	// Somali list words are not in every browser either; "iyo" (and) is.
	if (locale === 'so') return parts.join(' iyo ');
	return new Intl.ListFormat(intlLocale(locale), { type: 'conjunction' }).format(parts);
}

// ---------------------------------------------------------------------------------------------------
// Public pages about Digital Post
// ---------------------------------------------------------------------------------------------------

/**
 * The public pages about Digital Post we point to: borger.dk in Danish, and its English-language guide
 * Life in Denmark for every other language (there is no official guide in Arabic, Farsi, Turkish,
 * Somali or Ukrainian; see the domain guide §3). The link text (a message) names the page and says when
 * it is in English.
 */
export function publicSupportPageHref(locale: Locale): string {
	return locale === 'da'
		? 'https://www.borger.dk'
		: 'https://lifeindenmark.borger.dk/apps-and-digital-services/Digital-Post';
}

// The server (and prerendering) reads the variables, failing on a wrong one; a variable that is not set is simply
// absent from $env/static/public, hence the loose record type. The browser bundle gets the result vite.config.ts
// read at build time, so the parsing and its error texts stay out of every page's JavaScript.
const support = import.meta.env.SSR
	? readSupportConfig(publicEnv as Partial<Record<string, string>>)
	: __SUPPORT_CONFIG__;
export const supportPhone: SupportPhone | null = support.phone;
export const supportHours: OpeningPeriod[] | null = support.hours;
