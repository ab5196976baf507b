import { describe, expect, it } from 'vitest';
import { danishMinutes, formatClock, isQuiet, parseClock, quietUntil } from '$lib/notify/quiet-hours';

// Winter (UTC+1) and summer (UTC+2) in Copenhagen.
const winter = (h: number, m = 0) => Date.UTC(2026, 0, 15, h - 1, m);
const night = { start: 22 * 60, end: 7 * 60 };

describe('quiet hours (Danish time)', () => {
	it('read the Danish wall clock whatever the server zone', () => {
		expect(danishMinutes(winter(23, 30))).toBe(23 * 60 + 30);
		expect(danishMinutes(Date.UTC(2026, 6, 1, 10, 0))).toBe(12 * 60);
	});

	it('run past midnight when they start after they end', () => {
		expect(isQuiet(winter(23), night)).toBe(true);
		expect(isQuiet(winter(3), night)).toBe(true);
		expect(isQuiet(winter(7), night)).toBe(false);
		expect(isQuiet(winter(21, 59), night)).toBe(false);
		expect(isQuiet(winter(13), { start: 12 * 60, end: 14 * 60 })).toBe(true);
		expect(isQuiet(winter(13), null)).toBe(false);
	});

	it('end at the end time, the next morning when it is evening', () => {
		expect(quietUntil(winter(23, 15), night)).toBe(Date.UTC(2026, 0, 16, 6, 0));
		expect(quietUntil(winter(2), night)).toBe(winter(7));
		expect(quietUntil(winter(12), night)).toBe(winter(12));
	});

	it('end at 07:00 Danish time across the change to summer time', () => {
		// Night of 28–29 March 2026: clocks go from 02:00 to 03:00; 07:00 CEST is 05:00 UTC.
		expect(quietUntil(Date.UTC(2026, 2, 28, 22, 0), night)).toBe(Date.UTC(2026, 2, 29, 5, 0));
		// Night of 24–25 October 2026: back to winter time; 07:00 CET is 06:00 UTC.
		expect(quietUntil(Date.UTC(2026, 9, 24, 21, 0), night)).toBe(Date.UTC(2026, 9, 25, 6, 0));
	});

	it('are typed as HH:MM', () => {
		expect(parseClock('07:05')).toBe(425);
		expect(parseClock('24:00')).toBeNull();
		expect(parseClock('7:05')).toBeNull();
		expect(formatClock(425)).toBe('07:05');
	});
});
