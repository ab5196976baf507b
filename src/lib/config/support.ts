import * as publicEnv from '$env/static/public';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/format';

/*
 * The support line of a deployment, read at build time: prerendered pages and the client bundle carry
 * it, so it works offline. Postkasse ships with NO number: a number nobody has checked must never be
 * presented as "call us". Without PUBLIC_SUPPORT_PHONE the help centre, the wizard and the footer point
 * to Borgerservice in the reader's municipality and to the public Digital Post pages instead.
 */

export interface SupportPhone {
	/** As people read and dial it: "+45 70 12 34 56". */
	display: string;
	/** For links: "tel:+4570123456". */
	href: string;
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export interface OpeningPeriod {
	from: Weekday;
	to: Weekday;
	/** Minutes after midnight, Danish time. */
	opens: number;
	closes: number;
}

export interface SupportConfig {
	/** null: this deployment has no phone line of its own. */
	phone: SupportPhone | null;
	/** null: no opening hours to show (never set without a phone). */
	hours: OpeningPeriod[] | null;
}

export function parseSupportPhone(value: string): SupportPhone {
	const display = value.trim().replace(/\s+/g, ' ');
	if (!/^\+?[0-9][0-9 ()-]{3,22}$/.test(display)) {
		throw new Error(`PUBLIC_SUPPORT_PHONE must be a phone number such as "+45 70 12 34 56", got "${value}"`);
	}
	return { display, href: `tel:${display.replace(/[^+0-9]/g, '')}` };
}

function minutes(clock: string): number {
	const [hours, mins] = clock.split(':').map(Number) as [number, number];
	return hours <= 24 && mins < 60 ? hours * 60 + mins : Number.NaN;
}

/** Parses `mon-thu 08:00-16:00; fri 08:00-14:00`; throws (and so fails the build) on anything else. */
export function parseSupportHours(value: string): OpeningPeriod[] {
	const periods = value
		.split(';')
		.map((part) => part.trim().toLowerCase())
		.filter(Boolean)
		.map((part) => {
			const match = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(part);
			const from = match?.[1] as Weekday | undefined;
			const to = (match?.[2] ?? match?.[1]) as Weekday | undefined;
			if (!match || !from || !to || !weekdays.includes(from) || !weekdays.includes(to)) {
				throw new Error(
					`PUBLIC_SUPPORT_HOURS: cannot read "${part}"; write e.g. "mon-fri 09:00-15:00; sat 10:00-12:00"`
				);
			}
			const opens = minutes(match[3]!);
			const closes = minutes(match[4]!);
			if (!(opens < closes) || closes > 24 * 60) {
				throw new Error(`PUBLIC_SUPPORT_HOURS: "${part}" must open before it closes`);
			}
			return { from, to, opens, closes };
		});
	if (periods.length === 0) throw new Error('PUBLIC_SUPPORT_HOURS is empty');
	return periods;
}

/** The support line from a build's public environment; throws (failing the build) on a wrong value. */
export function readSupportConfig(env: Partial<Record<string, string>>): SupportConfig {
	const phone = env.PUBLIC_SUPPORT_PHONE?.trim();
	const hours = env.PUBLIC_SUPPORT_HOURS?.trim();
	if (!phone) {
		if (hours) {
			throw new Error('PUBLIC_SUPPORT_HOURS is set without PUBLIC_SUPPORT_PHONE: opening hours of what?');
		}
		return { phone: null, hours: null };
	}
	return { phone: parseSupportPhone(phone), hours: hours ? parseSupportHours(hours) : null };
}

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

// A variable that is not set is simply absent from $env/static/public, hence the loose record type.
const support = readSupportConfig(publicEnv as Partial<Record<string, string>>);
export const supportPhone: SupportPhone | null = support.phone;
export const supportHours: OpeningPeriod[] | null = support.hours;
