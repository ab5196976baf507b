import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, write, type Db } from '../../../src/lib/server/db/connection';
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

let db: Db;
beforeEach(() => {
	db = openDatabase(':memory:');
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
		const hashes = db
			.prepare('SELECT code_hash FROM code_card_codes WHERE card_id = ?')
			.pluck()
			.all(card.cardId);
		expect(hashes).toHaveLength(CODES_PER_CARD);
		const codes = new Set(Object.values(card.codes));
		for (const hash of hashes as string[]) {
			expect(hash).toMatch(/^[0-9a-f]{64}$/);
			expect(codes.has(hash)).toBe(false);
		}
	});

	it('accept each code once, only for its own key', async () => {
		const { citizenId, card } = await citizen();
		const { key } = write(db, () => challengeFor(db, citizenId)!);
		const otherKey = Object.keys(card.codes).find((k) => k !== key)!;
		expect(write(db, () => useCode(db, card.cardId, key, card.codes[otherKey]!, T0))).toBe(false);
		expect(write(db, () => useCode(db, card.cardId, key, card.codes[key]!, T0))).toBe(true);
		expect(write(db, () => useCode(db, card.cardId, key, card.codes[key]!, T0))).toBe(false);
		expect(cardStatus(db, citizenId)!.unused).toBe(CODES_PER_CARD - 1);
	});

	it('issue the next card at 20 unused codes, not before, and only once', async () => {
		const { citizenId, card } = await citizen();
		const keys = Object.keys(card.codes);
		const use = db.prepare('UPDATE code_card_codes SET used_at = 1 WHERE card_id = ? AND key = ?');
		for (const key of keys.slice(0, CODES_PER_CARD - 21)) use.run(card.cardId, key);
		expect(write(db, () => issueNextCardIfLow(db, citizenId, T0))).toBeNull();
		use.run(card.cardId, keys[CODES_PER_CARD - 21]);
		const next = write(db, () => issueNextCardIfLow(db, citizenId, T0));
		expect(next?.cardId).toMatch(/^G\d{9}$/);
		expect(write(db, () => issueNextCardIfLow(db, citizenId, T0))).toBeNull();
		expect(cardStatus(db, citizenId)).toMatchObject({
			cardId: card.cardId,
			unused: 20,
			nextCardId: next!.cardId
		});
	});
});

describe('two-step sign-in and lockout', () => {
	it('signs in with password and the code for the key the server chose', async () => {
		const { card } = await citizen();
		const step1 = await checkPassword(
			db,
			{ userId: 'ANNA', password: 'correct horse', sharedComputer: true },
			T0
		);
		expect(step1.ok).toBe(true);
		if (!step1.ok) return;
		expect(step1.cardId).toBe(card.cardId);
		const step2 = checkCode(db, step1.pendingToken, card.codes[step1.key]!, T0 + MINUTE);
		expect(step2).toMatchObject({ ok: true, storage: 'memory', registered: true, newCard: null });
	});

	it('expires the code step after 10 minutes', async () => {
		const { card } = await citizen();
		const step1 = await checkPassword(
			db,
			{ userId: 'anna', password: 'correct horse', sharedComputer: false },
			T0
		);
		if (!step1.ok) throw new Error('password step failed');
		expect(checkCode(db, step1.pendingToken, card.codes[step1.key]!, T0 + 11 * MINUTE)).toEqual({
			ok: false,
			reason: 'expired'
		});
	});

	it(`locks after ${MAX_FAILED_ATTEMPTS} failures, for a growing period`, async () => {
		await citizen();
		const fail = (now: number) =>
			checkPassword(db, { userId: 'anna', password: 'wrong', sharedComputer: false }, now);
		let now = T0;
		const locks: number[] = [];
		for (let round = 0; round < 5; round++) {
			for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
				expect(await fail(now)).toEqual({
					ok: false,
					reason: 'invalid',
					attemptsLeft: MAX_FAILED_ATTEMPTS - i
				});
			}
			const locked = await fail(now);
			if (locked.ok || locked.reason !== 'locked') throw new Error('expected a lock');
			locks.push(locked.until - now);
			// While locked, even the right password is refused.
			const during = await checkPassword(
				db,
				{ userId: 'anna', password: 'correct horse', sharedComputer: false },
				locked.until - 1
			);
			expect(during).toEqual({ ok: false, reason: 'locked', until: locked.until });
			now = locked.until;
		}
		expect(locks).toEqual([15 * MINUTE, HOUR, 4 * HOUR, 24 * HOUR, 24 * HOUR]);
		for (let i = 1; i < locks.length; i++) expect(locks[i]).toBeGreaterThanOrEqual(locks[i - 1]!);
		expect(lockDuration(1)).toBe(15 * MINUTE);
	});

	it('counts wrong codes, and a full sign-in forgives earlier failures', async () => {
		const { card } = await citizen();
		const start = async () => {
			const step = await checkPassword(
				db,
				{ userId: 'anna', password: 'correct horse', sharedComputer: false },
				T0
			);
			if (!step.ok) throw new Error('password step failed');
			return step;
		};
		const step = await start();
		const wrong = card.codes[step.key] === '000000' ? '000001' : '000000';
		for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
			expect(checkCode(db, step.pendingToken, wrong, T0)).toEqual({
				ok: false,
				reason: 'invalid',
				attemptsLeft: MAX_FAILED_ATTEMPTS - i
			});
		}
		expect(checkCode(db, step.pendingToken, card.codes[step.key]!, T0)).toMatchObject({ ok: true });
		const again = await start();
		expect(checkCode(db, again.pendingToken, wrong, T0)).toMatchObject({
			attemptsLeft: MAX_FAILED_ATTEMPTS - 1
		});
	});
});
