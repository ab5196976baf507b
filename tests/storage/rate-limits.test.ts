import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/lib/server/db/engine';
import { clearExpiredLimits, createFailureLimiter } from '../../src/lib/server/db/rate-limits';
import { engines, engineUnderTest, type EngineUnderTest } from './engines';

const WINDOW_SECONDS = 15 * 60;
const options = { keyPrefix: 'login-ip', maxFailures: 5, windowSeconds: WINDOW_SECONDS };

describe.each(engines)('failure limits in the database on %s', (name) => {
	let engine: EngineUnderTest;
	let a: Database;
	let b: Database;
	beforeAll(async () => {
		engine = await engineUnderTest(name);
		// Two handles on the same data: two app processes.
		[a, b] = [await engine.open(), await engine.open()];
	});
	afterAll(() => engine.dispose());

	it('counts failures made through two processes together', async () => {
		const onA = createFailureLimiter(a, options);
		const onB = createFailureLimiter(b, options);
		const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
		for (let i = 0; i < 4; i++) await (i % 2 ? onB : onA).recordFailure(ip);
		expect(await onA.blockedFor(ip)).toBe(0);
		expect(await onB.blockedFor(ip)).toBe(0);
		await onB.recordFailure(ip);
		for (const limiter of [onA, onB]) {
			const wait = await limiter.blockedFor(ip);
			expect(wait).toBeGreaterThan(WINDOW_SECONDS * 1000 - 60_000);
			expect(wait).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);
		}
		// Other keys and other limits are not touched.
		expect(await onA.blockedFor(`${ip}-other`)).toBe(0);
		expect(await createFailureLimiter(a, { ...options, keyPrefix: 'login-account' }).blockedFor(ip)).toBe(0);
		await onA.forget(ip);
		expect(await onB.blockedFor(ip)).toBe(0);
	});

	it('loses no failure when many arrive at once through both processes', async () => {
		const ip = `198.51.100.7-${randomUUID()}`;
		const limiters = [createFailureLimiter(a, options), createFailureLimiter(b, options)];
		await Promise.all(Array.from({ length: 20 }, (_, i) => limiters[i % 2]!.recordFailure(ip)));
		expect(await a.value('SELECT points FROM rate_limits WHERE key = $1', [`login-ip:${ip}`])).toBe(20);
	});

	it('outlives a restart, and opens again when the window is over', async () => {
		const ip = `203.0.113.9-${randomUUID()}`;
		const before = createFailureLimiter(a, options);
		for (let i = 0; i < 5; i++) await before.recordFailure(ip);
		// A new process (new handle, new limiter) still sees the block.
		const restarted = await engine.open();
		const after = createFailureLimiter(restarted, options);
		expect(await after.blockedFor(ip)).toBeGreaterThan(0);
		// The window ran out (moved into the past instead of waiting 15 minutes).
		await restarted.run('UPDATE rate_limits SET expire = $1 WHERE key = $2', [
			Date.now() - 1,
			`login-ip:${ip}`
		]);
		expect(await after.blockedFor(ip)).toBe(0);
		await after.recordFailure(ip);
		expect(await restarted.value('SELECT points FROM rate_limits WHERE key = $1', [`login-ip:${ip}`])).toBe(
			1
		);
	});

	it('lets housekeeping delete rows whose window ended over an hour ago', async () => {
		const old = `old-${randomUUID()}`;
		const fresh = `fresh-${randomUUID()}`;
		const now = Date.now();
		await a.run('INSERT INTO rate_limits (key, points, expire) VALUES ($1, $2, $3), ($4, $2, $5)', [
			old,
			3,
			now - 2 * 3_600_000,
			fresh,
			now - 60_000
		]);
		expect(await clearExpiredLimits(a, now)).toBeGreaterThanOrEqual(1);
		expect(await a.value('SELECT count(*) FROM rate_limits WHERE key = $1', [old])).toBe(0);
		expect(await a.value('SELECT count(*) FROM rate_limits WHERE key = $1', [fresh])).toBe(1);
	});

	it('waits for an open transaction instead of writing into it', async () => {
		const ip = `tx-${randomUUID()}`;
		const limiter = createFailureLimiter(a, options);
		// Another request records a failure while this transaction is open (started outside it).
		let opened!: () => void;
		const txOpen = new Promise<void>((resolve) => (opened = resolve));
		const recorded = txOpen.then(() => limiter.recordFailure(ip));
		await expect(
			a.tx(async (t) => {
				await t.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [ip, 'x']);
				opened();
				for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		await recorded;
		// The failure was counted on its own, not swallowed by the rollback.
		expect(await a.value('SELECT points FROM rate_limits WHERE key = $1', [`login-ip:${ip}`])).toBe(1);
	});
});
