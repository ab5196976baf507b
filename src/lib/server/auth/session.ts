import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db/index';
import type { Db } from '../db/connection';
import { randomToken, sha256Hex } from '../crypto';
import { sessionIdleMs, sessionMaxMs, MINUTE } from '../config';

export const SESSION_COOKIE = 'postkasse_session';

export type StorageMode = 'persistent' | 'memory';

export interface SessionCitizen {
	citizenId: string;
	userId: string;
	name: string;
	mailboxId: string;
	/** Hash of the session token: identifies the session without being the secret. */
	sessionId: string;
	/** 'memory' when the citizen said this is a shared computer: the device keeps nothing. */
	storage: StorageMode;
	registered: boolean;
}

/**
 * Starts a session and returns its token (the cookie value); only the token's hash is stored. A session the
 * identity broker started keeps the broker's ID token, so signing out can end the broker's session too.
 */
export function createSession(
	db: Db,
	citizenId: string,
	storage: StorageMode,
	now: number,
	brokerIdToken: string | null = null
): string {
	const token = randomToken(32);
	db.prepare(
		`INSERT INTO sessions (token_hash, citizen_id, storage, created_at, last_seen_at, expires_at, id_token)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	).run(sha256Hex(token), citizenId, storage, now, now, now + sessionMaxMs(), brokerIdToken);
	return token;
}

/** The broker's ID token of the session behind a cookie token, or null (code-card sign-in, no session). */
export function brokerIdTokenOf(db: Db, token: string): string | null {
	return (
		(db.prepare('SELECT id_token FROM sessions WHERE token_hash = ?').pluck().get(sha256Hex(token)) as
			string | null | undefined) ?? null
	);
}

interface SessionRow {
	token_hash: string;
	citizen_id: string;
	storage: StorageMode;
	last_seen_at: number;
	expires_at: number;
	user_id: string;
	name: string;
	registered_at: number | null;
	mailbox_id: string;
}

/** The citizen behind a token, or null when unknown, idle too long or past its absolute expiry. */
export function findSession(db: Db, token: string, now: number): SessionCitizen | null {
	if (!token || token.length > 100) return null;
	const row = db
		.prepare(
			`SELECT s.token_hash, s.citizen_id, s.storage, s.last_seen_at, s.expires_at,
			        c.user_id, c.name, c.registered_at, m.id AS mailbox_id
			 FROM sessions s JOIN citizens c ON c.id = s.citizen_id JOIN mailboxes m ON m.citizen_id = c.id
			 WHERE s.token_hash = ?`
		)
		.get(sha256Hex(token)) as SessionRow | undefined;
	if (!row) return null;
	if (now >= row.expires_at || now - row.last_seen_at >= sessionIdleMs()) {
		db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(row.token_hash);
		return null;
	}
	// Touch at most once a minute: activity keeps the session alive without a write per request.
	if (now - row.last_seen_at >= MINUTE) {
		db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, row.token_hash);
	}
	return {
		citizenId: row.citizen_id,
		userId: row.user_id,
		name: row.name,
		mailboxId: row.mailbox_id,
		sessionId: row.token_hash,
		storage: row.storage,
		registered: row.registered_at !== null
	};
}

/** Whether a session (by id = token hash) is still valid; long-lived streams re-check with this. */
export function sessionStillValid(db: Db, sessionId: string, now: number): boolean {
	const row = db
		.prepare('SELECT last_seen_at, expires_at FROM sessions WHERE token_hash = ?')
		.get(sessionId) as { last_seen_at: number; expires_at: number } | undefined;
	return !!row && now < row.expires_at && now - row.last_seen_at < sessionIdleMs();
}

export function deleteSession(db: Db, token: string): void {
	db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
}

export function deleteExpiredSessions(db: Db, now: number): number {
	return db
		.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?')
		.run(now, now - sessionIdleMs()).changes;
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, storage: StorageMode): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		// On a shared computer the cookie dies with the browser; otherwise with the absolute expiry.
		maxAge: storage === 'memory' ? undefined : Math.floor(sessionMaxMs() / 1000)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}

/** Reads the session cookie and returns the signed-in citizen, or null. */
export async function readSession(event: RequestEvent): Promise<SessionCitizen | null> {
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return null;
	return findSession(getDb(), token, Date.now());
}
