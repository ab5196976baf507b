import * as publicEnv from '$env/static/public';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

// Read at build time: prerendered pages and the client bundle carry the values, so they work offline.
// A variable that is not set is simply absent from $env/static/public, hence the loose record type.
const env: Partial<Record<string, string>> = publicEnv;

/** The number in our source material. Not verified as a national Digital Post number: configure the real one. */
export const DEFAULT_SUPPORT_PHONE = '+45 9931 1530';
/** Weekdays and times in Danish time: `mon-fri 09:00-15:00`, several ranges separated by `;`. */
export const DEFAULT_SUPPORT_HOURS = 'mon-fri 09:00-15:00';

export interface SupportPhone {
	/** As people read and dial it: "+45 9931 1530". */
	display: string;
	/** For links: "tel:+4599311530". */
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

export function parseSupportPhone(value: string): SupportPhone {
	const display = value.trim().replace(/\s+/g, ' ');
	if (!/^\+?[0-9][0-9 ()-]{3,22}$/.test(display)) {
		throw new Error(`PUBLIC_SUPPORT_PHONE must be a phone number such as "+45 9931 1530", got "${value}"`);
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

// 1 January 2024 was a Monday; UTC keeps the clock times exactly as configured.
const monday = Date.UTC(2024, 0, 1);
const dayMs = 24 * 60 * 60 * 1000;
const at = (day: Weekday, minute = 0) => new Date(monday + weekdays.indexOf(day) * dayMs + minute * 60_000);

/** "Monday to Friday: 09:00–15:00" in the reader's language, digits and clock style. */
export function formatSupportHours(periods: OpeningPeriod[], locale: Locale): string {
	const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
	const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
	const parts = periods.map((period) => {
		const days =
			period.from === period.to
				? weekday.format(at(period.from))
				: m.common_day_range(
						{ from: weekday.format(at(period.from)), to: weekday.format(at(period.to)) },
						{ locale }
					);
		const time = clock.formatRange(at(period.from, period.opens), at(period.from, period.closes));
		return m.common_hours_period({ days, time }, { locale });
	});
	return new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts);
}

export const supportPhone: SupportPhone = parseSupportPhone(
	env.PUBLIC_SUPPORT_PHONE?.trim() || DEFAULT_SUPPORT_PHONE
);
export const supportHours: OpeningPeriod[] = parseSupportHours(
	env.PUBLIC_SUPPORT_HOURS?.trim() || DEFAULT_SUPPORT_HOURS
);
