// Quiet hours for SMS and push, in Danish time whatever the server's clock zone. Shared by the settings
// page (to show and check the times) and the notice worker (to hold a notice until they end).

export const DANISH_TIME_ZONE = 'Europe/Copenhagen';
const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

/** Quiet hours as minutes after midnight, Danish time; start after end means they run past midnight. */
export interface QuietHours {
	start: number;
	end: number;
}

const clock = new Intl.DateTimeFormat('en-GB', {
	timeZone: DANISH_TIME_ZONE,
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** Minutes after midnight on the Danish wall clock at `at`. */
export function danishMinutes(at: number): number {
	let hour = 0;
	let minute = 0;
	for (const part of clock.formatToParts(at)) {
		if (part.type === 'hour') hour = Number(part.value);
		if (part.type === 'minute') minute = Number(part.value);
	}
	return hour * 60 + minute;
}

export function isQuiet(at: number, quiet: QuietHours | null): boolean {
	if (!quiet || quiet.start === quiet.end) return false;
	const now = danishMinutes(at);
	return quiet.start < quiet.end
		? now >= quiet.start && now < quiet.end
		: now >= quiet.start || now < quiet.end;
}

/** When the quiet hours that hold at `at` end (ms), or `at` itself when it is not quiet. */
export function quietUntil(at: number, quiet: QuietHours | null): number {
	if (!quiet || !isQuiet(at, quiet)) return at;
	const startOfMinute = at - (at % MINUTE);
	let until = startOfMinute + ((quiet.end - danishMinutes(at) + DAY_MINUTES) % DAY_MINUTES) * MINUTE;
	// A change to or from summer time in between moves the wall clock by an hour: correct for it.
	let drift = quiet.end - danishMinutes(until);
	if (drift > DAY_MINUTES / 2) drift -= DAY_MINUTES;
	if (drift < -DAY_MINUTES / 2) drift += DAY_MINUTES;
	until += drift * MINUTE;
	return Math.max(until, at);
}

/** "22:00" ↔ 1320. */
export function parseClock(value: string): number | null {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatClock(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
