import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../db/index';
import type { Queryable, Tx } from '../db/engine';
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
export async function createSession(
	t: Tx,
	citizenId: string,
	storage: StorageMode,
	now: number,
	brokerIdToken: string | null = null
): Promise<string> {
	const token = randomToken(32);
	await t.run(
		`INSERT INTO sessions (token_hash, citizen_id, storage, created_at, last_seen_at, expires_at, id_token)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		[sha256Hex(token), citizenId, storage, now, now, now + sessionMaxMs(), brokerIdToken]
	);
	return token;
}

/** The broker's ID token of the session behind a cookie token, or null (code-card sign-in, no session). */
export async function brokerIdTokenOf(q: Queryable, token: string): Promise<string | null> {
	return (
		(await q.value<string | null>('SELECT id_token FROM sessions WHERE token_hash = $1', [
			sha256Hex(token)
		])) ?? null
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
export async function findSession(q: Queryable, token: string, now: number): Promise<SessionCitizen | null> {
	if (!token || token.length > 100) return null;
	const row = await q.one<SessionRow>(
		`SELECT s.token_hash, s.citizen_id, s.storage, s.last_seen_at, s.expires_at,
		        c.user_id, c.name, c.registered_at, m.id AS mailbox_id
		 FROM sessions s JOIN citizens c ON c.id = s.citizen_id JOIN mailboxes m ON m.citizen_id = c.id
		 WHERE s.token_hash = $1`,
		[sha256Hex(token)]
	);
	if (!row) return null;
	if (!isLive(row, now)) {
		await q.run('DELETE FROM sessions WHERE token_hash = $1', [row.token_hash]);
		return null;
	}
	// Touch at most once a minute: activity keeps the session alive without a write per request.
	if (now - row.last_seen_at >= MINUTE) {
		await q.run('UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2', [now, row.token_hash]);
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

/** The one rule: a session lives until its absolute expiry, and while it has been used recently enough. */
function isLive(row: { last_seen_at: number; expires_at: number }, now: number): boolean {
	return now < row.expires_at && now - row.last_seen_at < sessionIdleMs();
}

/** Whether a session (by id = token hash) is still valid; long-lived streams re-check with this. */
export async function sessionStillValid(q: Queryable, sessionId: string, now: number): Promise<boolean> {
	return (await liveSessions(q, [sessionId], now)).has(sessionId);
}

/** Session ids per query when many are checked at once (well under both engines' parameter limits). */
const IDS_PER_QUERY = 1_000;

/** Which of these sessions (by id = token hash) are still valid: the streams' ping checks them all at once. */
export async function liveSessions(
	q: Queryable,
	sessionIds: Iterable<string>,
	now: number
): Promise<Set<string>> {
	const ids = [...new Set(sessionIds)];
	const live = new Set<string>();
	for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
		const chunk = ids.slice(start, start + IDS_PER_QUERY);
		const rows = await q.all<{ token_hash: string; last_seen_at: number; expires_at: number }>(
			`SELECT token_hash, last_seen_at, expires_at FROM sessions
			 WHERE token_hash IN (${chunk.map((_, i) => `$${i + 1}`).join(', ')})`,
			chunk
		);
		for (const row of rows) if (isLive(row, now)) live.add(row.token_hash);
	}
	return live;
}

export async function deleteSession(q: Queryable, token: string): Promise<void> {
	await q.run('DELETE FROM sessions WHERE token_hash = $1', [sha256Hex(token)]);
}

export function deleteExpiredSessions(q: Queryable, now: number): Promise<number> {
	return q.run('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
		now,
		now - sessionIdleMs()
	]);
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
	return findSession(await getDatabase(), token, Date.now());
}
