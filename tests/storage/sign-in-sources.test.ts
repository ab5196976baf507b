import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/engine';
import {
	SOURCE_WINDOW_MS,
	deleteExpiredSources,
	recordSourceFailure,
	sourceBlockedFor,
	sourceKey
} from '../../src/lib/server/auth/sign-in-sources';
import { engines, engineUnderTest, type EngineUnderTest } from './engines';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

describe.each(engines)('failed sign-ins per source on %s', (name) => {
	let engine: EngineUnderTest;
	let db: Database;
	beforeAll(async () => {
		engine = await engineUnderTest(name);
		db = await engine.open();
	});
	afterAll(() => engine.dispose());

	const fail = (ip: string, at: number) => db.tx((t) => recordSourceFailure(t, ip, at));

	it('blocks a source after its failures until its window ends, and no other source', async () => {
		const ip = '203.0.113.5';
		for (let i = 0; i < 2; i++) await fail(ip, T0 + i);
		expect(await sourceBlockedFor(db, ip, T0 + 10, 3)).toBe(0);
		await fail(ip, T0 + 20);
		expect(await sourceBlockedFor(db, ip, T0 + 30, 3)).toBe(SOURCE_WINDOW_MS - 30);
		expect(await sourceBlockedFor(db, '198.51.100.7', T0 + 30, 3)).toBe(0);
		// A new window starts counting from one again.
		expect(await sourceBlockedFor(db, ip, T0 + SOURCE_WINDOW_MS, 3)).toBe(0);
		await fail(ip, T0 + SOURCE_WINDOW_MS);
		expect(await sourceBlockedFor(db, ip, T0 + SOURCE_WINDOW_MS + 1, 2)).toBe(0);
	});

	it('counts an IPv6 /64 as one source and an IPv4-mapped address as its IPv4 address', () => {
		expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe(sourceKey('2001:0db8:0001:0002:ffff:1:2:3'));
		expect(sourceKey('2001:db8:1:2::1')).not.toBe(sourceKey('2001:db8:1:3::1'));
		expect(sourceKey('::ffff:203.0.113.5')).toBe(sourceKey('203.0.113.5'));
		expect(sourceKey('203.0.113.5')).not.toContain('203');
	});

	it('counts every failure of concurrent writers (two pools on PostgreSQL, as two app processes)', async () => {
		const ip = '192.0.2.44';
		const pools = name === 'postgres' ? [db, await engine.open({ poolMax: 4 })] : [db];
		await Promise.all(
			Array.from({ length: 20 }, (_, i) => pools[i % pools.length]!.tx((t) => recordSourceFailure(t, ip, T0)))
		);
		expect(await sourceBlockedFor(db, ip, T0 + 1, 20)).toBeGreaterThan(0);
		expect(await sourceBlockedFor(db, ip, T0 + 1, 21)).toBe(0);
	});

	it('stores only hashes and forgets ended windows', async () => {
		await fail('203.0.113.9', T0);
		expect(JSON.stringify(await db.all('SELECT * FROM sign_in_sources'))).not.toContain('203.0.113');
		await deleteExpiredSources(db, T0 + 2 * SOURCE_WINDOW_MS);
		expect(await db.value('SELECT count(*) FROM sign_in_sources')).toBe(0);
	});
});
