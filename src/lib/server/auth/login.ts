import type { Database, Queryable } from '../db/engine';
import { MINUTE } from '../config';
import { randomToken, sha256Hex } from '../crypto';
import { dummyPasswordHash, verifyPassword } from './password';
import { challengeFor, issueNextCardIfLow, useCode, type CodeCard } from './codecard';
import {
	lockCredentials,
	lockedUntilOf,
	recordCodeFailure,
	recordPasswordFailure,
	recordSuccess
} from './lockout';
import { recordSourceFailure } from './sign-in-sources';
import { createSession, type StorageMode } from './session';

/** How long the code step waits after a correct password. */
export const PENDING_LOGIN_MS = 10 * MINUTE;

export type PasswordStep =
	| { ok: true; pendingToken: string; cardId: string; key: string }
	/** Unknown user ID and wrong password: one answer, so the first step never tells which IDs exist. */
	| { ok: false; reason: 'invalid' }
	/** Only after the right password: the code step is locked after too many wrong codes. */
	| { ok: false; reason: 'locked'; until: number }
	| { ok: false; reason: 'no_card' };

/**
 * Step 1: user ID and password. On success a pending sign-in asks for the code of one key.
 * An unknown user ID costs the same as a known one (a password hash is checked either way, and a failure is
 * written either way) and answers the same. A wrong password is counted for the source and, for a real
 * account, told to its owner at the next sign-in, but never locks anything.
 */
export async function checkPassword(
	db: Database,
	input: { userId: string; password: string; sharedComputer: boolean; source: string },
	now: number
): Promise<PasswordStep> {
	// user_id is citext on PostgreSQL, NOCASE on SQLite: the lookup ignores case on both.
	const row = await db.one<{ id: string; password_hash: string }>(
		'SELECT c.id, k.password_hash FROM citizens c JOIN credentials k ON k.citizen_id = c.id WHERE c.user_id = $1',
		[input.userId.trim()]
	);
	const passwordOk = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash()));
	return db.tx(async (t): Promise<PasswordStep> => {
		if (!row || !passwordOk) {
			await recordSourceFailure(t, input.source, now);
			if (row) await recordPasswordFailure(t, row.id, now);
			return { ok: false, reason: 'invalid' };
		}
		const locked = lockedUntilOf(await lockCredentials(t, row.id), now);
		if (locked) return { ok: false, reason: 'locked', until: locked };
		const challenge = await challengeFor(t, row.id);
		if (!challenge) return { ok: false, reason: 'no_card' };
		const pendingToken = randomToken(32);
		await t.run('DELETE FROM pending_logins WHERE citizen_id = $1 OR expires_at <= $2', [row.id, now]);
		await t.run(
			`INSERT INTO pending_logins (token_hash, citizen_id, card_id, key, shared_computer, expires_at)
			 VALUES ($1, $2, $3, $4, $5, $6)`,
			[
				sha256Hex(pendingToken),
				row.id,
				challenge.cardId,
				challenge.key,
				input.sharedComputer,
				now + PENDING_LOGIN_MS
			]
		);
		return { ok: true, pendingToken, ...challenge };
	});
}

export interface PendingLogin {
	citizenId: string;
	cardId: string;
	key: string;
	sharedComputer: boolean;
	expiresAt: number;
}

export async function pendingLogin(
	q: Queryable,
	pendingToken: string,
	now: number
): Promise<PendingLogin | null> {
	if (!pendingToken || pendingToken.length > 100) return null;
	const row = await q.one<{
		citizen_id: string;
		card_id: string;
		key: string;
		shared_computer: number;
		expires_at: number;
	}>(
		'SELECT citizen_id, card_id, key, shared_computer, expires_at FROM pending_logins WHERE token_hash = $1',
		[sha256Hex(pendingToken)]
	);
	if (!row || row.expires_at <= now) return null;
	return {
		citizenId: row.citizen_id,
		cardId: row.card_id,
		key: row.key,
		sharedComputer: row.shared_computer === 1,
		expiresAt: row.expires_at
	};
}

export async function cancelPendingLogin(q: Queryable, pendingToken: string): Promise<void> {
	await q.run('DELETE FROM pending_logins WHERE token_hash = $1', [sha256Hex(pendingToken)]);
}

export type CodeStep =
	| {
			ok: true;
			sessionToken: string;
			storage: StorageMode;
			citizenId: string;
			registered: boolean;
			/** A new card issued because the active one runs low: shown once, never stored in plain text. */
			newCard: CodeCard | null;
			/** Failed attempts on this account since its owner last signed in: told to them now. */
			failedAttempts: number;
	  }
	| { ok: false; reason: 'expired' }
	| { ok: false; reason: 'invalid'; attemptsLeft: number }
	| { ok: false; reason: 'locked'; until: number };

/** Step 2: the code for the key the server asked for. Success ends the pending sign-in with a new session. */
export function checkCode(
	db: Database,
	pendingToken: string,
	code: string,
	source: string,
	now: number
): Promise<CodeStep> {
	return db.tx(async (t): Promise<CodeStep> => {
		const pending = await pendingLogin(t, pendingToken, now);
		if (!pending) return { ok: false, reason: 'expired' };
		const locked = lockedUntilOf(await lockCredentials(t, pending.citizenId), now);
		if (locked) return { ok: false, reason: 'locked', until: locked };
		if (!(await useCode(t, pending.cardId, pending.key, code.trim(), now))) {
			await recordSourceFailure(t, source, now);
			const failure = await recordCodeFailure(t, pending.citizenId, now);
			return failure.locked
				? { ok: false, reason: 'locked', until: failure.until }
				: { ok: false, reason: 'invalid', attemptsLeft: failure.attemptsLeft };
		}
		await cancelPendingLogin(t, pendingToken);
		const failedAttempts = await recordSuccess(t, pending.citizenId, now);
		const storage: StorageMode = pending.sharedComputer ? 'memory' : 'persistent';
		const sessionToken = await createSession(t, pending.citizenId, storage, now);
		const newCard = await issueNextCardIfLow(t, pending.citizenId, now);
		const registered =
			((await t.value('SELECT registered_at FROM citizens WHERE id = $1', [pending.citizenId])) ?? null) !==
			null;
		return {
			ok: true,
			sessionToken,
			storage,
			citizenId: pending.citizenId,
			registered,
			newCard,
			failedAttempts
		};
	});
}
