import { getLocale } from '$lib/paraglide/runtime';

// Dates, numbers and sizes in the reader's own locale; Danish time zone, since letters are Danish.
const timeZone = 'Europe/Copenhagen';
// Letters and receipts are dated in the Gregorian calendar; Farsi's default (Solar Hijri) would show a
// date the reader cannot find on the paper. Month names and digits still follow the locale.
const calendar = 'gregory';

/**
 * The Intl locale for an app locale. English follows British conventions (1 November 2018, 13:00),
 * which readers in Denmark meet more than American ones; the others use the language's defaults.
 */
export function intlLocale(locale: string): string {
	return locale === 'en' ? 'en-GB' : locale;
}

function toDate(value: Date | string | number): Date {
	return value instanceof Date ? value : new Date(value);
}

// Creating an Intl formatter costs far more than using one; long lists format hundreds of dates.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${options.dateStyle ?? ''}|${options.timeStyle ?? ''}`;
	let formatter = dateFormatters.get(key);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone, calendar });
		dateFormatters.set(key, formatter);
	}
	return formatter;
}

export function formatDate(value: Date | string | number, locale: string = getLocale()): string {
	return dateFormatter(locale, { dateStyle: 'long' }).format(toDate(value));
}

export function formatShortDate(value: Date | string | number, locale: string = getLocale()): string {
	return dateFormatter(locale, { dateStyle: 'medium' }).format(toDate(value));
}

export function formatDateTime(value: Date | string | number, locale: string = getLocale()): string {
	return dateFormatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value));
}

export function formatTime(value: Date | string | number, locale: string = getLocale()): string {
	return dateFormatter(locale, { timeStyle: 'short' }).format(toDate(value));
}

/** Month names of the Gregorian calendar in the locale, January first. */
export function monthNames(locale: string = getLocale()): string[] {
	const format = new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', timeZone: 'UTC', calendar });
	return Array.from({ length: 12 }, (_, i) => format.format(Date.UTC(2001, i, 15)));
}

const numberFormatters = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: string = getLocale()): string {
	let formatter = numberFormatters.get(locale);
	if (!formatter) {
		formatter = new Intl.NumberFormat(intlLocale(locale));
		numberFormatters.set(locale, formatter);
	}
	return formatter.format(value);
}

/** "1.2 MB" in the reader's locale, with locale-correct digits and unit names. */
export function formatFileSize(bytes: number, locale: string = getLocale()): string {
	// Always kB or MB (a person knows these from phones and e-mail; "262 bytes" says nothing).
	const units = ['kilobyte', 'megabyte', 'gigabyte'] as const;
	let value = Math.max(bytes / 1000, 0.1);
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit += 1;
	}
	return new Intl.NumberFormat(intlLocale(locale), {
		style: 'unit',
		unit: units[unit],
		unitDisplay: 'short',
		maximumFractionDigits: value < 10 ? 1 : 0
	}).format(value);
}
