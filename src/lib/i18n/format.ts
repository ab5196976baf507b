import { getLocale } from '$lib/paraglide/runtime';

// Dates, numbers and sizes in the reader's own locale; Danish time zone, since letters are Danish.
const timeZone = 'Europe/Copenhagen';

function toDate(value: Date | string | number): Date {
	return value instanceof Date ? value : new Date(value);
}

export function formatDate(value: Date | string | number, locale: string = getLocale()): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(toDate(value));
}

export function formatShortDate(value: Date | string | number, locale: string = getLocale()): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(toDate(value));
}

export function formatDateTime(value: Date | string | number, locale: string = getLocale()): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
		toDate(value)
	);
}

export function formatTime(value: Date | string | number, locale: string = getLocale()): string {
	return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(toDate(value));
}

export function formatNumber(value: number, locale: string = getLocale()): string {
	return new Intl.NumberFormat(locale).format(value);
}

/** "1.2 MB" in the reader's locale, with locale-correct digits and unit names. */
export function formatFileSize(bytes: number, locale: string = getLocale()): string {
	const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit += 1;
	}
	return new Intl.NumberFormat(locale, {
		style: 'unit',
		unit: units[unit],
		unitDisplay: unit === 0 ? 'long' : 'short',
		maximumFractionDigits: unit === 0 ? 0 : 1
	}).format(value);
}
