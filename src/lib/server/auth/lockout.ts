import type { Queryable, Tx } from '../db/engine';
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

function present(row: LockRow | undefined): LockRow {
	if (!row) throw new Error('no credentials for citizen');
	return row;
}

/**
 * Locks the citizen's credentials row for this transaction and reads its lock state. Every sign-in write
 * takes it first: the counters, the challenge key and code use are read-modify-write, and on PostgreSQL
 * two app processes would otherwise both read "4 failures" and both write 5.
 */
export async function lockCredentials(t: Tx, citizenId: string): Promise<LockRow> {
	return present(
		await t.one<LockRow>(
			'SELECT failed_attempts, lock_count, locked_until FROM credentials WHERE citizen_id = $1 FOR UPDATE',
			[citizenId]
		)
	);
}

function openOrUntil(row: LockRow, now: number): number | null {
	return row.locked_until !== null && row.locked_until > now ? row.locked_until : null;
}

/** The time the account is locked until, or null when it is open. */
export async function lockedUntil(q: Queryable, citizenId: string, now: number): Promise<number | null> {
	const row = present(
		await q.one<LockRow>(
			'SELECT failed_attempts, lock_count, locked_until FROM credentials WHERE citizen_id = $1',
			[citizenId]
		)
	);
	return openOrUntil(row, now);
}

/** lockedUntil for a row already locked by lockCredentials. */
export function lockedUntilOf(row: LockRow, now: number): number | null {
	return openOrUntil(row, now);
}

export type FailureResult = { locked: false; attemptsLeft: number } | { locked: true; until: number };

/** Counts a wrong password for the owner's next sign-in (one atomic UPDATE). */
export async function recordPasswordFailure(t: Tx, citizenId: string, now: number): Promise<void> {
	await t.run(
		'UPDATE credentials SET failed_since_sign_in = failed_since_sign_in + 1, updated_at = $1 WHERE citizen_id = $2',
		[now, citizenId]
	);
}

/** Counts a wrong code; the fifth in a row locks the code step. */
export async function recordCodeFailure(t: Tx, citizenId: string, now: number): Promise<FailureResult> {
	const row = await lockCredentials(t, citizenId);
	const failed = row.failed_attempts + 1;
	if (failed >= MAX_FAILED_ATTEMPTS) {
		const lockCount = row.lock_count + 1;
		const until = now + lockDuration(lockCount);
		await t.run(
			`UPDATE credentials SET failed_attempts = 0, lock_count = $1, locked_until = $2,
			 failed_since_sign_in = failed_since_sign_in + 1, updated_at = $3 WHERE citizen_id = $4`,
			[lockCount, until, now, citizenId]
		);
		// A lock also ends any half-finished sign-in.
		await t.run('DELETE FROM pending_logins WHERE citizen_id = $1', [citizenId]);
		return { locked: true, until };
	}
	await t.run(
		'UPDATE credentials SET failed_attempts = $1, failed_since_sign_in = failed_since_sign_in + 1, updated_at = $2 WHERE citizen_id = $3',
		[failed, now, citizenId]
	);
	return { locked: false, attemptsLeft: MAX_FAILED_ATTEMPTS - failed };
}

/**
 * A complete sign-in forgives earlier failures and locks. Returns how many failed attempts (either step)
 * there were since the owner last signed in, to tell them now.
 */
export async function recordSuccess(t: Tx, citizenId: string, now: number): Promise<number> {
	const failed = await t.value<number>(
		'SELECT failed_since_sign_in FROM credentials WHERE citizen_id = $1 FOR UPDATE',
		[citizenId]
	);
	await t.run(
		`UPDATE credentials SET failed_attempts = 0, lock_count = 0, locked_until = NULL, failed_since_sign_in = 0,
		 updated_at = $1 WHERE citizen_id = $2`,
		[now, citizenId]
	);
	return failed ?? 0;
}
