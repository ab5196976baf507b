import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/db/connection';
import {
	SOURCE_WINDOW_MS,
	deleteExpiredSources,
	recordSourceFailure,
	sourceBlockedFor,
	sourceKey
} from '../../../src/lib/server/auth/sign-in-sources';

let db: Db;
beforeEach(() => {
	db = openDatabase(':memory:');
});
afterEach(() => db.close());

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

describe('failed sign-ins per source', () => {
	it('blocks a source after its failures until its window ends, and no other source', () => {
		for (let i = 0; i < 2; i++) recordSourceFailure(db, '203.0.113.5', T0 + i);
		expect(sourceBlockedFor(db, '203.0.113.5', T0 + 10, 3)).toBe(0);
		recordSourceFailure(db, '203.0.113.5', T0 + 20);
		expect(sourceBlockedFor(db, '203.0.113.5', T0 + 30, 3)).toBe(SOURCE_WINDOW_MS - 30);
		expect(sourceBlockedFor(db, '198.51.100.7', T0 + 30, 3)).toBe(0);
		// A new window starts counting from one again.
		expect(sourceBlockedFor(db, '203.0.113.5', T0 + SOURCE_WINDOW_MS, 3)).toBe(0);
		recordSourceFailure(db, '203.0.113.5', T0 + SOURCE_WINDOW_MS);
		expect(sourceBlockedFor(db, '203.0.113.5', T0 + SOURCE_WINDOW_MS + 1, 2)).toBe(0);
	});

	it('counts an IPv6 /64 as one source and an IPv4-mapped address as its IPv4 address', () => {
		expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe(sourceKey('2001:0db8:0001:0002:ffff:1:2:3'));
		expect(sourceKey('2001:db8:1:2::1')).not.toBe(sourceKey('2001:db8:1:3::1'));
		expect(sourceKey('::ffff:203.0.113.5')).toBe(sourceKey('203.0.113.5'));
		expect(sourceKey('203.0.113.5')).not.toContain('203');
	});

	it('stores only hashes and forgets ended windows', () => {
		recordSourceFailure(db, '203.0.113.5', T0);
		expect(JSON.stringify(db.prepare('SELECT * FROM sign_in_sources').all())).not.toContain('203.0.113');
		deleteExpiredSources(db, T0 + SOURCE_WINDOW_MS);
		expect(db.prepare('SELECT count(*) FROM sign_in_sources').pluck().get()).toBe(0);
	});
});
