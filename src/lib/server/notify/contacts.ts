// Confirming where notices go: an e-mail address by a single-use link (24 h), a mobile number by a
// 6-digit code sent by SMS (10 min, 5 tries). Only a keyed hash of a link token or code is stored.
// Confirmation messages are rate-limited per citizen and channel: one a minute, five an hour.
import { randomToken, randomDigits, equalSecrets } from '../crypto';
import { HOUR, MINUTE } from '../config';
import type { Db } from '../db/connection';
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

function row(db: Db, citizenId: string, channel: ContactChannel): ContactRow | undefined {
	return db
		.prepare('SELECT * FROM notify_contacts WHERE citizen_id = ? AND channel = ?')
		.get(citizenId, channel) as ContactRow | undefined;
}

export function contactOf(db: Db, citizenId: string, channel: ContactChannel, now: number): Contact | null {
	const found = row(db, citizenId, channel);
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

function secretHash(db: Db, channel: ContactChannel, citizenId: string, secret: string): string {
	// A code is only 6 digits, so it is bound to the citizen; a link token stands on its own.
	return channel === 'email'
		? keyedHash(db, 'email-link', secret)
		: keyedHash(db, 'sms-code', `${citizenId}\n${secret}`);
}

/**
 * Sets the address to confirm (or, with `address` null, re-sends for the one waiting) and issues a new
 * link token or code; the previous one stops working. Call inside a write transaction.
 */
export function issueConfirmation(
	db: Db,
	citizenId: string,
	channel: ContactChannel,
	address: string | null,
	now: number
): Issued {
	const found = row(db, citizenId, channel);
	const target = address ?? found?.address;
	if (!target) return { ok: false, reason: 'nothing_to_confirm' };
	const same = found && found.address.toLowerCase() === target.toLowerCase();
	if (same && found.confirmed_at !== null) return { ok: false, reason: 'already_confirmed' };
	const retryAt = blockedUntil(found, now);
	if (retryAt !== null) return { ok: false, reason: 'rate_limited', retryAt };

	const secret = channel === 'email' ? randomToken(32) : randomDigits(6);
	const expiresAt = now + (channel === 'email' ? EMAIL_LINK_TTL_MS : CODE_TTL_MS);
	const newWindow = !found?.sent_window_start || now - found.sent_window_start >= HOUR;
	db.prepare(
		`INSERT INTO notify_contacts (citizen_id, channel, address, confirmed_at, secret_hash, secret_expires_at,
		 attempts, last_sent_at, sent_count, sent_window_start, created_at)
		 VALUES (@citizenId, @channel, @address, NULL, @hash, @expiresAt, 0, @now, 1, @now, @now)
		 ON CONFLICT (citizen_id, channel) DO UPDATE SET address = @address, confirmed_at = NULL,
		 secret_hash = @hash, secret_expires_at = @expiresAt, attempts = 0, last_sent_at = @now,
		 sent_count = @sentCount, sent_window_start = @windowStart`
	).run({
		citizenId,
		channel,
		address: target,
		hash: secretHash(db, channel, citizenId, secret),
		expiresAt,
		now,
		sentCount: newWindow ? 1 : (found?.sent_count ?? 0) + 1,
		windowStart: newWindow ? now : found!.sent_window_start
	});
	return { ok: true, secret, address: target };
}

/** The address a confirmation link is for, while the link is still good (to show before confirming). */
export function emailLinkTarget(
	db: Db,
	token: string,
	now: number
): { citizenId: string; address: string } | null {
	const found = db
		.prepare(
			`SELECT citizen_id, address FROM notify_contacts
			 WHERE channel = 'email' AND secret_hash = ? AND secret_expires_at > ? AND confirmed_at IS NULL`
		)
		.get(keyedHash(db, 'email-link', token), now) as { citizen_id: string; address: string } | undefined;
	return found ? { citizenId: found.citizen_id, address: found.address } : null;
}

/** Confirms the address a link is for; the link then stops working. Call inside a write transaction. */
export function confirmEmailLink(
	db: Db,
	token: string,
	now: number
): { citizenId: string; address: string } | null {
	const target = emailLinkTarget(db, token, now);
	if (!target) return null;
	db.prepare(
		`UPDATE notify_contacts SET confirmed_at = ?, secret_hash = NULL, secret_expires_at = NULL, attempts = 0
		 WHERE citizen_id = ? AND channel = 'email'`
	).run(now, target.citizenId);
	return target;
}

export type CodeCheck =
	| { ok: true; address: string }
	| { ok: false; reason: 'wrong'; left: number }
	| { ok: false; reason: 'expired' | 'too_many' | 'none' };

/** Checks a typed SMS code (5 tries, 10 minutes). Call inside a write transaction. */
export function checkSmsCode(db: Db, citizenId: string, code: string, now: number): CodeCheck {
	const found = row(db, citizenId, 'sms');
	if (!found || found.confirmed_at !== null || found.secret_hash === null)
		return { ok: false, reason: 'none' };
	if ((found.secret_expires_at ?? 0) <= now) return { ok: false, reason: 'expired' };
	if (equalSecrets(found.secret_hash, secretHash(db, 'sms', citizenId, code))) {
		db.prepare(
			`UPDATE notify_contacts SET confirmed_at = ?, secret_hash = NULL, secret_expires_at = NULL, attempts = 0
			 WHERE citizen_id = ? AND channel = 'sms'`
		).run(now, citizenId);
		return { ok: true, address: found.address };
	}
	const attempts = found.attempts + 1;
	if (attempts >= CODE_TRIES) {
		// The code is used up: a new one must be asked for (and the resend limit applies).
		db.prepare(
			`UPDATE notify_contacts SET attempts = ?, secret_hash = NULL, secret_expires_at = NULL
			 WHERE citizen_id = ? AND channel = 'sms'`
		).run(attempts, citizenId);
		return { ok: false, reason: 'too_many' };
	}
	db.prepare(`UPDATE notify_contacts SET attempts = ? WHERE citizen_id = ? AND channel = 'sms'`).run(
		attempts,
		citizenId
	);
	return { ok: false, reason: 'wrong', left: CODE_TRIES - attempts };
}

export function removeContact(db: Db, citizenId: string, channel: ContactChannel): void {
	db.prepare('DELETE FROM notify_contacts WHERE citizen_id = ? AND channel = ?').run(citizenId, channel);
}

// --- one-click unsubscribe ---------------------------------------------------------------------------

/**
 * The token in an e-mail's unsubscribe link: the citizen's id and a keyed hash of it with the address, so
 * it works without signing in, cannot be guessed, and stops working when the address changes.
 */
export function unsubscribeToken(db: Db, citizenId: string, address: string): string {
	return `${citizenId}.${keyedHash(db, 'unsubscribe', `${citizenId}\n${address.toLowerCase()}`)}`;
}

/** The citizen and address an unsubscribe token is for, or null when it does not (or no longer) fit. */
export function unsubscribeTarget(db: Db, token: string): { citizenId: string; address: string } | null {
	const dot = token.indexOf('.');
	if (dot < 1) return null;
	const citizenId = token.slice(0, dot);
	const found = row(db, citizenId, 'email');
	if (!found || found.confirmed_at === null) return null;
	return equalSecrets(token, unsubscribeToken(db, citizenId, found.address))
		? { citizenId, address: found.address }
		: null;
}
