import { describe, expect, it } from 'vitest';
import { LoginRateLimit } from '../../../src/lib/server/auth/rate-limit';

describe('sign-in rate limit per IP address', () => {
	it('blocks an address after its failures, for up to 15 minutes, and no other address', async () => {
		const limit = new LoginRateLimit(3);
		for (let i = 0; i < 2; i++) await limit.recordFailure('203.0.113.5');
		expect(await limit.blockedFor('203.0.113.5')).toBe(0);
		await limit.recordFailure('203.0.113.5');
		const blocked = await limit.blockedFor('203.0.113.5');
		expect(blocked).toBeGreaterThan(0);
		expect(blocked).toBeLessThanOrEqual(15 * 60_000);
		expect(await limit.blockedFor('198.51.100.7')).toBe(0);
	});
});
