import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteDatabase } from '../../../src/lib/server/db/sqlite-engine';
import { createCitizen } from '../../../src/lib/server/auth/citizens';
import {
	CODES_PER_CARD,
	cardStatus,
	challengeFor,
	generateCard,
	issueNextCardIfLow,
	useCode
} from '../../../src/lib/server/auth/codecard';
import { checkCode, checkPassword } from '../../../src/lib/server/auth/login';
import { MAX_FAILED_ATTEMPTS, lockDuration } from '../../../src/lib/server/auth/lockout';
import { HOUR, MINUTE } from '../../../src/lib/server/config';

// scrypt is deliberately slow (tens to hundreds of ms per hash on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

let db: SqliteDatabase;
beforeEach(() => {
	db = new SqliteDatabase(':memory:');
});
afterEach(() => db.close());

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

async function citizen(userId = 'anna') {
	const created = await createCitizen(
		db,
		{ userId, password: 'correct horse', name: 'Anna', cpr: '3102900001', registered: true },
		T0
	);
	return created;
}

describe('code cards', () => {
	it('have 148 distinct 4-digit keys with 6-digit codes and an id like G750159724', () => {
		const card = generateCard();
		expect(card.cardId).toMatch(/^G\d{9}$/);
		const keys = Object.keys(card.codes);
		expect(keys).toHaveLength(CODES_PER_CARD);
		expect(new Set(keys).size).toBe(CODES_PER_CARD);
		for (const [key, code] of Object.entries(card.codes)) {
			expect(key).toMatch(/^\d{4}$/);
			expect(code).toMatch(/^\d{6}$/);
		}
	});

	it('are stored hashed, never in plain text', async () => {
		const { card } = await citizen();
		const hashes = (
			await db.all<{ code_hash: string }>('SELECT code_hash FROM code_card_codes WHERE card_id = $1', [
				card.cardId
			])
		).map((r) => r.code_hash);
		expect(hashes).toHaveLength(CODES_PER_CARD);
		const codes = new Set(Object.values(card.codes));
		for (const hash of hashes as string[]) {
			expect(hash).toMatch(/^[0-9a-f]{64}$/);
			expect(codes.has(hash)).toBe(false);
		}
	});

	it('accept each code once, only for its own key', async () => {
		const { citizenId, card } = await citizen();
		const { key } = (await db.tx((t) => challengeFor(t, citizenId)))!;
		const otherKey = Object.keys(card.codes).find((k) => k !== key)!;
		expect(await db.tx((t) => useCode(t, card.cardId, key, card.codes[otherKey]!, T0))).toBe(false);
		expect(await db.tx((t) => useCode(t, card.cardId, key, card.codes[key]!, T0))).toBe(true);
		expect(await db.tx((t) => useCode(t, card.cardId, key, card.codes[key]!, T0))).toBe(false);
		expect((await cardStatus(db, citizenId))!.unused).toBe(CODES_PER_CARD - 1);
	});

	it('issue the next card at 20 unused codes, not before, and only once', async () => {
		const { citizenId, card } = await citizen();
		const keys = Object.keys(card.codes);
		const use = (key: string | undefined) =>
			db.run('UPDATE code_card_codes SET used_at = 1 WHERE card_id = $1 AND key = $2', [card.cardId, key!]);
		for (const key of keys.slice(0, CODES_PER_CARD - 21)) await use(key);
		expect(await db.tx((t) => issueNextCardIfLow(t, citizenId, T0))).toBeNull();
		await use(keys[CODES_PER_CARD - 21]);
		const next = await db.tx((t) => issueNextCardIfLow(t, citizenId, T0));
		expect(next?.cardId).toMatch(/^G\d{9}$/);
		expect(await db.tx((t) => issueNextCardIfLow(t, citizenId, T0))).toBeNull();
		expect(await cardStatus(db, citizenId)).toMatchObject({
			cardId: card.cardId,
			unused: 20,
			nextCardId: next!.cardId
		});
	});
});

const SOURCE = '198.51.100.7';
const pw = (password: string, userId = 'anna') => ({
	userId,
	password,
	sharedComputer: false,
	source: SOURCE
});

async function codeStep(now = T0) {
	const step = await checkPassword(db, pw('correct horse'), now);
	if (!step.ok) throw new Error(`password step failed: ${step.reason}`);
	return step;
}

describe('two-step sign-in and lockout', () => {
	it('signs in with password and the code for the key the server chose', async () => {
		const { card } = await citizen();
		const step1 = await checkPassword(
			db,
			{ userId: 'ANNA', password: 'correct horse', sharedComputer: true, source: SOURCE },
			T0
		);
		expect(step1.ok).toBe(true);
		if (!step1.ok) return;
		expect(step1.cardId).toBe(card.cardId);
		const step2 = await checkCode(db, step1.pendingToken, card.codes[step1.key]!, SOURCE, T0 + MINUTE);
		expect(step2).toMatchObject({
			ok: true,
			storage: 'memory',
			registered: true,
			newCard: null,
			failedAttempts: 0
		});
	});

	it('expires the code step after 10 minutes', async () => {
		const { card } = await citizen();
		const step1 = await codeStep();
		expect(await checkCode(db, step1.pendingToken, card.codes[step1.key]!, SOURCE, T0 + 11 * MINUTE)).toEqual(
			{
				ok: false,
				reason: 'expired'
			}
		);
	});

	it('answers a wrong password like an unknown user ID, and never locks for it', async () => {
		await citizen();
		expect(await checkPassword(db, pw('whatever', 'nobody'), T0)).toEqual({ ok: false, reason: 'invalid' });
		for (let i = 0; i < 3 * MAX_FAILED_ATTEMPTS; i++) {
			expect(await checkPassword(db, pw(`wrong-${i}`), T0)).toEqual({ ok: false, reason: 'invalid' });
		}
		expect((await checkPassword(db, pw('correct horse'), T0)).ok).toBe(true);
	});

	it(`locks the code step after ${MAX_FAILED_ATTEMPTS} wrong codes, for a growing period`, async () => {
		const { card } = await citizen();
		let now = T0;
		const locks: number[] = [];
		for (let round = 0; round < 5; round++) {
			const step = await codeStep(now);
			const wrong = card.codes[step.key] === '000000' ? '000001' : '000000';
			for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
				expect(await checkCode(db, step.pendingToken, wrong, SOURCE, now)).toEqual({
					ok: false,
					reason: 'invalid',
					attemptsLeft: MAX_FAILED_ATTEMPTS - i
				});
			}
			const locked = await checkCode(db, step.pendingToken, wrong, SOURCE, now);
			if (locked.ok || locked.reason !== 'locked') throw new Error('expected a lock');
			locks.push(locked.until - now);
			// While locked, the right password says so (it proves the password) and starts no code step.
			const during = await checkPassword(db, pw('correct horse'), locked.until - 1);
			expect(during).toEqual({ ok: false, reason: 'locked', until: locked.until });
			// A wrong password still answers like any other wrong password.
			expect(await checkPassword(db, pw('wrong'), locked.until - 1)).toEqual({
				ok: false,
				reason: 'invalid'
			});
			now = locked.until;
		}
		expect(locks).toEqual([15 * MINUTE, HOUR, 4 * HOUR, 24 * HOUR, 24 * HOUR]);
		expect(lockDuration(1)).toBe(15 * MINUTE);
	});

	it('tells the owner how many attempts failed since the last sign-in, once', async () => {
		const { card } = await citizen();
		for (let i = 0; i < 3; i++) await checkPassword(db, pw(`wrong-${i}`), T0);
		const step = await codeStep();
		const wrong = card.codes[step.key] === '000000' ? '000001' : '000000';
		await checkCode(db, step.pendingToken, wrong, SOURCE, T0);
		expect(await checkCode(db, step.pendingToken, card.codes[step.key]!, SOURCE, T0)).toMatchObject({
			ok: true,
			failedAttempts: 4
		});
		const again = await codeStep();
		// A full sign-in forgave the wrong code: the count of tries starts over.
		expect(await checkCode(db, again.pendingToken, wrong, SOURCE, T0)).toMatchObject({
			attemptsLeft: MAX_FAILED_ATTEMPTS - 1
		});
		expect(await checkCode(db, again.pendingToken, card.codes[again.key]!, SOURCE, T0)).toMatchObject({
			ok: true,
			failedAttempts: 1
		});
	});
});
