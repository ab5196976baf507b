/**
 * A day in the Danish calendar, written YYYY-MM-DD. Exemption rules speak of days, not instants,
 * so dates are kept as plain calendar days and never shifted by time zones.
 */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isCalendarDate(value: unknown): value is CalendarDate {
	if (typeof value !== 'string') return false;
	const match = pattern.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Builds a checked date; throws on impossible days such as 31 February. */
export function calendarDate(year: number, month: number, day: number): CalendarDate {
	const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
	if (!isCalendarDate(text)) throw new RangeError(`Not a date: ${text}`);
	return text;
}

/** Parses YYYY-MM-DD; throws when the text is not a real date. */
export function parseCalendarDate(text: string): CalendarDate {
	if (!isCalendarDate(text)) throw new RangeError(`Not a date: ${text}`);
	return text;
}

export function dateParts(date: CalendarDate): { year: number; month: number; day: number } {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	return { year, month, day };
}

/** Negative when a is earlier than b, zero when equal, positive when later. ISO text sorts by date. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Today's date in Denmark, where the exemption is registered. */
export function todayInDenmark(now: Date = new Date()): CalendarDate {
	// en-CA formats as YYYY-MM-DD.
	const text = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Copenhagen',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
	return parseCalendarDate(text);
}

/** Noon UTC on that day: formats as the same calendar day in every European time zone. */
export function calendarDateToDate(date: CalendarDate): Date {
	const { year, month, day } = dateParts(date);
	return new Date(Date.UTC(year, month - 1, day, 12));
}
