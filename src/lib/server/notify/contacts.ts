// Confirming where notices go: an e-mail address by a single-use link (24 h), a mobile number by a
// 6-digit code sent by SMS (10 min, 5 tries). Only a keyed hash of a link token or code is stored.
// Confirmation messages are rate-limited per citizen and channel: one a minute, five an hour.
import { randomToken, randomDigits, equalSecrets } from '../crypto';
import { HOUR, MINUTE } from '../config';
import type { Queryable, Tx } from '../db/engine';
import { keyedHash } from './keys';

export type ContactChannel = 'email' | 'sms';

export const EMAIL_LINK_TTL_MS = 24 * HOUR;
export const CODE_TTL_MS = 10 * MINUTE;
export const CODE_TRIES = 5;
export const RESEND_GAP_MS = MINUTE;
export const SENDS_PER_HOUR = 5;

export interface Contact {
	channel: ContactChannel;
	address: string;
	confirmedAt: number | null;
	/** An open confirmation (link or code) that has not expired. */
	pending: boolean;
	/** When the latest confirmation was sent. */
	lastSentAt: number | null;
}

interface ContactRow {
	channel: ContactChannel;
	address: string;
	confirmed_at: number | null;
	secret_hash: string | null;
	secret_expires_at: number | null;
	attempts: number;
	last_sent_at: number | null;
	sent_count: number;
	sent_window_start: number | null;
}

function row(q: Queryable, citizenId: string, channel: ContactChannel): Promise<ContactRow | undefined> {
	return q.one<ContactRow>('SELECT * FROM notify_contacts WHERE citizen_id = $1 AND channel = $2', [
		citizenId,
		channel
	]);
}

/** The row, locked for this transaction: attempts and the resend limit are read-modify-write. */
function lockedRow(t: Tx, citizenId: string, channel: ContactChannel): Promise<ContactRow | undefined> {
	return t.one<ContactRow>(
		'SELECT * FROM notify_contacts WHERE citizen_id = $1 AND channel = $2 FOR UPDATE',
		[citizenId, channel]
	);
}

export async function contactOf(
	q: Queryable,
	citizenId: string,
	channel: ContactChannel,
	now: number
): Promise<Contact | null> {
	const found = await row(q, citizenId, channel);
	if (!found) return null;
	return {
		channel,
		address: found.address,
		confirmedAt: found.confirmed_at,
		pending: found.secret_hash !== null && (found.secret_expires_at ?? 0) > now,
		lastSentAt: found.last_sent_at
	};
}

/** When a new confirmation may be sent, or null when it may be sent now. */
function blockedUntil(found: ContactRow | undefined, now: number): number | null {
	if (!found?.last_sent_at) return null;
	if (now - found.last_sent_at < RESEND_GAP_MS) return found.last_sent_at + RESEND_GAP_MS;
	const windowStart = found.sent_window_start ?? 0;
	if (found.sent_count >= SENDS_PER_HOUR && now - windowStart < HOUR) return windowStart + HOUR;
	return null;
}

export type Issued =
	| { ok: true; secret: string; address: string }
	| { ok: false; reason: 'rate_limited'; retryAt: number }
	| { ok: false; reason: 'already_confirmed' | 'nothing_to_confirm' };

function secretHash(
	q: Queryable,
	channel: ContactChannel,
	citizenId: string,
	secret: string
): Promise<string> {
	// A code is only 6 digits, so it is bound to the citizen; a link token stands on its own.
	return channel === 'email'
		? keyedHash(q, 'email-link', secret)
		: keyedHash(q, 'sms-code', `${citizenId}\n${secret}`);
}

/**
 * Sets the address to confirm (or, with `address` null, re-sends for the one waiting) and issues a new
 * link token or code; the previous one stops working.
 */
export async function issueConfirmation(
	t: Tx,
	citizenId: string,
	channel: ContactChannel,
	address: string | null,
	now: number
): Promise<Issued> {
	const found = await lockedRow(t, citizenId, channel);
	const target = address ?? found?.address;
	if (!target) return { ok: false, reason: 'nothing_to_confirm' };
	const same = found && found.address.toLowerCase() === target.toLowerCase();
	if (same && found.confirmed_at !== null) return { ok: false, reason: 'already_confirmed' };
	const retryAt = blockedUntil(found, now);
	if (retryAt !== null) return { ok: false, reason: 'rate_limited', retryAt };

	const secret = channel === 'email' ? randomToken(32) : randomDigits(6);
	const expiresAt = now + (channel === 'email' ? EMAIL_LINK_TTL_MS : CODE_TTL_MS);
	const newWindow = !found?.sent_window_start || now - found.sent_window_start >= HOUR;
	const hash = await secretHash(t, channel, citizenId, secret);
	await t.run(
		`INSERT INTO notify_contacts (citizen_id, channel, address, confirmed_at, secret_hash, secret_expires_at,
		 attempts, last_sent_at, sent_count, sent_window_start, created_at)
		 VALUES ($1, $2, $3, NULL, $4, $5, 0, $6, 1, $6, $6)
		 ON CONFLICT (citizen_id, channel) DO UPDATE SET address = $3, confirmed_at = NULL,
		 secret_hash = $4, secret_expires_at = $5, attempts = 0, last_sent_at = $6,
		 sent_count = $7, sent_window_start = $8`,
		[
			citizenId,
			channel,
			target,
			hash,
			expiresAt,
			now,
			newWindow ? 1 : (found?.sent_count ?? 0) + 1,
			newWindow ? now : found!.sent_window_start
		]
	);
	return { ok: true, secret, address: target };
}

/** The address a confirmation link is for, while the link is still good (to show before confirming). */
export async function emailLinkTarget(
	q: Queryable,
	token: string,
	now: number
): Promise<{ citizenId: string; address: string } | null> {
	const found = await q.one<{ citizen_id: string; address: string }>(
		`SELECT citizen_id, address FROM notify_contacts
		 WHERE channel = 'email' AND secret_hash = $1 AND secret_expires_at > $2 AND confirmed_at IS NULL`,
		[await keyedHash(q, 'email-link', token), now]
	);
	return found ? { citizenId: found.citizen_id, address: found.address } : null;
}

/** Confirms the address a link is for; the link then stops working. Call inside a write transaction. */
export async function confirmEmailLink(
	t: Tx,
	token: string,
	now: number
): Promise<{ citizenId: string; address: string } | null> {
	const target = await emailLinkTarget(t, token, now);
	if (!target) return null;
	// Single use across processes: only the UPDATE that still finds the link confirms.
	const confirmed = await t.run(
		`UPDATE notify_contacts SET confirmed_at = $1, secret_hash = NULL, secret_expires_at = NULL, attempts = 0
		 WHERE citizen_id = $2 AND channel = 'email' AND secret_hash IS NOT NULL AND confirmed_at IS NULL`,
		[now, target.citizenId]
	);
	if (confirmed === 0) return null;
	return target;
}

export type CodeCheck =
	| { ok: true; address: string }
	| { ok: false; reason: 'wrong'; left: number }
	| { ok: false; reason: 'expired' | 'too_many' | 'none' };

/** Checks a typed SMS code (5 tries, 10 minutes). Call inside a write transaction. */
export async function checkSmsCode(t: Tx, citizenId: string, code: string, now: number): Promise<CodeCheck> {
	const found = await lockedRow(t, citizenId, 'sms');
	if (!found || found.confirmed_at !== null || found.secret_hash === null)
		return { ok: false, reason: 'none' };
	if ((found.secret_expires_at ?? 0) <= now) return { ok: false, reason: 'expired' };
	if (equalSecrets(found.secret_hash, await secretHash(t, 'sms', citizenId, code))) {
		await t.run(
			`UPDATE notify_contacts SET confirmed_at = $1, secret_hash = NULL, secret_expires_at = NULL, attempts = 0
			 WHERE citizen_id = $2 AND channel = 'sms'`,
			[now, citizenId]
		);
		return { ok: true, address: found.address };
	}
	const attempts = found.attempts + 1;
	if (attempts >= CODE_TRIES) {
		// The code is used up: a new one must be asked for (and the resend limit applies).
		await t.run(
			`UPDATE notify_contacts SET attempts = $1, secret_hash = NULL, secret_expires_at = NULL
			 WHERE citizen_id = $2 AND channel = 'sms'`,
			[attempts, citizenId]
		);
		return { ok: false, reason: 'too_many' };
	}
	await t.run(`UPDATE notify_contacts SET attempts = $1 WHERE citizen_id = $2 AND channel = 'sms'`, [
		attempts,
		citizenId
	]);
	return { ok: false, reason: 'wrong', left: CODE_TRIES - attempts };
}

export async function removeContact(q: Queryable, citizenId: string, channel: ContactChannel): Promise<void> {
	await q.run('DELETE FROM notify_contacts WHERE citizen_id = $1 AND channel = $2', [citizenId, channel]);
}

// --- one-click unsubscribe ---------------------------------------------------------------------------

/**
 * The token in an e-mail's unsubscribe link: the citizen's id and a keyed hash of it with the address, so
 * it works without signing in, cannot be guessed, and stops working when the address changes.
 */
export async function unsubscribeToken(q: Queryable, citizenId: string, address: string): Promise<string> {
	return `${citizenId}.${await keyedHash(q, 'unsubscribe', `${citizenId}\n${address.toLowerCase()}`)}`;
}

/** The citizen and address an unsubscribe token is for, or null when it does not (or no longer) fit. */
export async function unsubscribeTarget(
	q: Queryable,
	token: string
): Promise<{ citizenId: string; address: string } | null> {
	const dot = token.indexOf('.');
	if (dot < 1) return null;
	const citizenId = token.slice(0, dot);
	const found = await row(q, citizenId, 'email');
	if (!found || found.confirmed_at === null) return null;
	return equalSecrets(token, await unsubscribeToken(q, citizenId, found.address))
		? { citizenId, address: found.address }
		: null;
}
