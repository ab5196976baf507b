import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, nextAttemptAt, retryDelay } from '../../../src/lib/server/notify/retry';

const HOUR = 60 * 60 * 1000;
const options = { firstMs: 30_000, giveUpMs: 24 * HOUR };

describe('retries', () => {
	it('back off exponentially with jitter, at most an hour apart', () => {
		expect([1, 2, 3, 4].map((n) => retryDelay(n, 30_000, () => 1))).toEqual([
			30_000, 60_000, 120_000, 240_000
		]);
		expect(retryDelay(3, 30_000, () => 0)).toBe(60_000);
		expect(retryDelay(30, 30_000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
		const spread = new Set(Array.from({ length: 20 }, () => retryDelay(5, 30_000)));
		expect(spread.size).toBeGreaterThan(1);
	});

	it('give up 24 hours after the first failure, with a last try at that moment', () => {
		const first = 1_000_000;
		expect(nextAttemptAt(1, first, first, options, () => 1)).toBe(first + 30_000);
		const late = first + 24 * HOUR - 10 * 60_000;
		expect(nextAttemptAt(20, first, late, options, () => 1)).toBe(first + 24 * HOUR);
		expect(nextAttemptAt(21, first, first + 24 * HOUR, options)).toBeNull();
	});

	it('keep trying for the whole day: about 30 attempts', () => {
		let now = 0;
		let attempts = 0;
		for (;;) {
			attempts++;
			const next = nextAttemptAt(attempts, 0, now, options, () => 0.5);
			if (next === null) break;
			now = next;
		}
		expect(now).toBe(24 * HOUR);
		expect(attempts).toBeGreaterThan(25);
		expect(attempts).toBeLessThan(45);
	});
});
