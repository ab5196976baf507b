import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteDatabase } from '../../../src/lib/server/db/sqlite-engine';
import { createCitizen } from '../../../src/lib/server/auth/citizens';
import {
	createSession,
	deleteSession,
	findSession,
	sessionStillValid
} from '../../../src/lib/server/auth/session';
import { hashPassword, verifyPassword } from '../../../src/lib/server/auth/password';
import { sha256Hex } from '../../../src/lib/server/crypto';
import { HOUR, MINUTE } from '../../../src/lib/server/config';

// scrypt is deliberately slow (tens to hundreds of ms per hash on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

let db: SqliteDatabase;
let citizenId: string;
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

beforeEach(async () => {
	db = new SqliteDatabase(':memory:');
	({ citizenId } = await createCitizen(
		db,
		{ userId: 'anna', password: 'pw-long-enough', name: 'Anna', cpr: '3102900001', registered: false },
		T0
	));
});
afterEach(() => db.close());

describe('sessions', () => {
	it('use 32-byte random tokens and store only their SHA-256', async () => {
		const token = await db.tx((t) => createSession(t, citizenId, 'persistent', T0));
		expect(Buffer.from(token, 'base64url')).toHaveLength(32);
		const stored = (await db.all<{ token_hash: string }>('SELECT token_hash FROM sessions')).map(
			(r) => r.token_hash
		);
		expect(stored).toEqual([sha256Hex(token)]);
		expect(await findSession(db, token, T0)).toMatchObject({
			citizenId,
			storage: 'persistent',
			registered: false
		});
		expect(await findSession(db, sha256Hex(token), T0)).toBeNull();
	});

	it('expire after 30 minutes idle, and activity keeps them alive', async () => {
		const token = await db.tx((t) => createSession(t, citizenId, 'memory', T0));
		expect(await findSession(db, token, T0 + 20 * MINUTE)).not.toBeNull();
		expect(await findSession(db, token, T0 + 45 * MINUTE)).not.toBeNull(); // 25 min after the last use
		expect(await findSession(db, token, T0 + 76 * MINUTE)).toBeNull(); // 31 min idle
		expect(await db.value('SELECT count(*) FROM sessions')).toBe(0);
	});

	it('expire 12 hours after sign-in however active', async () => {
		const token = await db.tx((t) => createSession(t, citizenId, 'persistent', T0));
		const id = sha256Hex(token);
		for (let t = T0; t < T0 + 12 * HOUR; t += 20 * MINUTE)
			expect(await findSession(db, token, t)).not.toBeNull();
		expect(await sessionStillValid(db, id, T0 + 12 * HOUR - MINUTE)).toBe(true);
		expect(await findSession(db, token, T0 + 12 * HOUR)).toBeNull();
		expect(await sessionStillValid(db, id, T0 + 12 * HOUR)).toBe(false);
	});

	it('end when deleted', async () => {
		const token = await db.tx((t) => createSession(t, citizenId, 'persistent', T0));
		await deleteSession(db, token);
		expect(await findSession(db, token, T0)).toBeNull();
	});
});

describe('passwords', () => {
	it('are hashed with scrypt and a random salt', async () => {
		const a = await hashPassword('same password');
		const b = await hashPassword('same password');
		expect(a).toMatch(/^scrypt\$32768\$8\$3\$/);
		expect(a).not.toBe(b);
		expect(a).not.toContain('same password');
		expect(await verifyPassword('same password', a)).toBe(true);
		expect(await verifyPassword('same passwore', a)).toBe(false);
	});

	it('are stored hashed for citizens', async () => {
		const stored = (await db.value<string>('SELECT password_hash FROM credentials'))!;
		expect(stored.startsWith('scrypt$')).toBe(true);
		expect(stored).not.toContain('pw-long-enough');
	});
});
