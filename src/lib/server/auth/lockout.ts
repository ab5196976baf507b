import type { Db } from '../db/connection';
import { HOUR, MINUTE } from '../config';

/**
 * Wrong codes in a row that lock an account's code step. Only the second step locks: a wrong password never
 * does, so a stranger who knows a citizen's user ID cannot keep them out of their post. Whoever reaches the
 * code step knows the password already.
 */
export const MAX_FAILED_ATTEMPTS = 5;

/** Each lock lasts longer than the one before: 15 min, 1 h, 4 h, then 24 h. */
const LOCK_STEPS = [15 * MINUTE, HOUR, 4 * HOUR, 24 * HOUR] as const;

export function lockDuration(lockCount: number): number {
	return LOCK_STEPS[Math.min(Math.max(lockCount, 1), LOCK_STEPS.length) - 1]!;
}

interface LockRow {
	failed_attempts: number;
	lock_count: number;
	locked_until: number | null;
}

function lockRow(db: Db, citizenId: string): LockRow {
	const row = db
		.prepare('SELECT failed_attempts, lock_count, locked_until FROM credentials WHERE citizen_id = ?')
		.get(citizenId) as LockRow | undefined;
	if (!row) throw new Error('no credentials for citizen');
	return row;
}

/** The time the account is locked until, or null when it is open. */
export function lockedUntil(db: Db, citizenId: string, now: number): number | null {
	const { locked_until } = lockRow(db, citizenId);
	return locked_until !== null && locked_until > now ? locked_until : null;
}

export type FailureResult = { locked: false; attemptsLeft: number } | { locked: true; until: number };

/** Counts a wrong password for the owner's next sign-in. Call inside a write transaction. */
export function recordPasswordFailure(db: Db, citizenId: string, now: number): void {
	db.prepare(
		'UPDATE credentials SET failed_since_sign_in = failed_since_sign_in + 1, updated_at = ? WHERE citizen_id = ?'
	).run(now, citizenId);
}

/** Counts a wrong code; the fifth in a row locks the code step. Call inside a write transaction. */
export function recordCodeFailure(db: Db, citizenId: string, now: number): FailureResult {
	const row = lockRow(db, citizenId);
	const failed = row.failed_attempts + 1;
	if (failed >= MAX_FAILED_ATTEMPTS) {
		const lockCount = row.lock_count + 1;
		const until = now + lockDuration(lockCount);
		db.prepare(
			`UPDATE credentials SET failed_attempts = 0, lock_count = ?, locked_until = ?,
			 failed_since_sign_in = failed_since_sign_in + 1, updated_at = ? WHERE citizen_id = ?`
		).run(lockCount, until, now, citizenId);
		// A lock also ends any half-finished sign-in.
		db.prepare('DELETE FROM pending_logins WHERE citizen_id = ?').run(citizenId);
		return { locked: true, until };
	}
	db.prepare(
		'UPDATE credentials SET failed_attempts = ?, failed_since_sign_in = failed_since_sign_in + 1, updated_at = ? WHERE citizen_id = ?'
	).run(failed, now, citizenId);
	return { locked: false, attemptsLeft: MAX_FAILED_ATTEMPTS - failed };
}

/**
 * A complete sign-in forgives earlier failures and locks. Returns how many failed attempts (either step)
 * there were since the owner last signed in, to tell them now.
 */
export function recordSuccess(db: Db, citizenId: string, now: number): number {
	const failed = db
		.prepare('SELECT failed_since_sign_in FROM credentials WHERE citizen_id = ?')
		.pluck()
		.get(citizenId) as number | undefined;
	db.prepare(
		`UPDATE credentials SET failed_attempts = 0, lock_count = 0, locked_until = NULL, failed_since_sign_in = 0,
		 updated_at = ? WHERE citizen_id = ?`
	).run(now, citizenId);
	return failed ?? 0;
}
