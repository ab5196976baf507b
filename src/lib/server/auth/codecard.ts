import { createHmac, randomInt } from 'node:crypto';
import type { Db } from '../db/connection';
import { equalSecrets, randomDigits, randomToken } from '../crypto';

/** A printed NemID-style card: 148 pairs of a 4-digit key and a 6-digit one-time code. */
export const CODES_PER_CARD = 148;
/** When this many unused codes or fewer are left, the next card is issued. */
export const NEW_CARD_THRESHOLD = 20;

export interface CodeCard {
	cardId: string;
	/** key → code, in the order printed on the card */
	codes: Record<string, string>;
}

export interface CardStatus {
	cardId: string;
	unused: number;
	total: number;
	nextCardId: string | null;
}

/** Codes have only a million values, so the hash mainly keeps them out of plain sight; the password
 *  is the secret that resists guessing. A per-card salt stops one table from fitting every card. */
export function hashCode(salt: string, key: string, code: string): string {
	return createHmac('sha256', salt).update(`${key}:${code}`).digest('hex');
}

export function generateCard(): CodeCard {
	const keys = new Set<string>();
	while (keys.size < CODES_PER_CARD) keys.add(String(randomInt(10_000)).padStart(4, '0'));
	const codes: Record<string, string> = {};
	for (const key of [...keys].sort()) codes[key] = randomDigits(6);
	// Card ids look like the real ones, e.g. G750159724.
	return { cardId: `G${randomDigits(9)}`, codes };
}

/** Stores a fresh card for a citizen (inside the caller's transaction) and returns it in plain text once. */
export function issueCard(db: Db, citizenId: string, status: 'active' | 'next', now: number): CodeCard {
	let card = generateCard();
	while (db.prepare('SELECT 1 FROM code_cards WHERE id = ?').get(card.cardId)) card = generateCard();
	const salt = randomToken(16);
	db.prepare('INSERT INTO code_cards (id, citizen_id, status, salt, issued_at) VALUES (?, ?, ?, ?, ?)').run(
		card.cardId,
		citizenId,
		status,
		salt,
		now
	);
	const insert = db.prepare('INSERT INTO code_card_codes (card_id, key, code_hash) VALUES (?, ?, ?)');
	for (const [key, code] of Object.entries(card.codes))
		insert.run(card.cardId, key, hashCode(salt, key, code));
	return card;
}

interface CardRow {
	id: string;
	salt: string;
	challenge_key: string | null;
}

function unusedCount(db: Db, cardId: string): number {
	return (
		db
			.prepare('SELECT count(*) AS n FROM code_card_codes WHERE card_id = ? AND used_at IS NULL')
			.get(cardId) as {
			n: number;
		}
	).n;
}

/** The card a sign-in asks for: the active one, or the next one once the active card is used up. */
function activeCard(db: Db, citizenId: string): CardRow | null {
	const active = db
		.prepare("SELECT id, salt, challenge_key FROM code_cards WHERE citizen_id = ? AND status = 'active'")
		.get(citizenId) as CardRow | undefined;
	if (active && unusedCount(db, active.id) > 0) return active;
	const next = db
		.prepare("SELECT id, salt, challenge_key FROM code_cards WHERE citizen_id = ? AND status = 'next'")
		.get(citizenId) as CardRow | undefined;
	if (!next) return null;
	if (active) db.prepare("UPDATE code_cards SET status = 'retired' WHERE id = ?").run(active.id);
	db.prepare("UPDATE code_cards SET status = 'active' WHERE id = ?").run(next.id);
	return next;
}

/**
 * The key the citizen must answer. It stays the same until answered correctly, so reloading the page
 * cannot be used to fish for a key an attacker happens to know. Call inside a write transaction.
 */
export function challengeFor(db: Db, citizenId: string): { cardId: string; key: string } | null {
	const card = activeCard(db, citizenId);
	if (!card) return null;
	if (card.challenge_key) {
		const open = db
			.prepare('SELECT 1 FROM code_card_codes WHERE card_id = ? AND key = ? AND used_at IS NULL')
			.get(card.id, card.challenge_key);
		if (open) return { cardId: card.id, key: card.challenge_key };
	}
	const keys = db
		.prepare('SELECT key FROM code_card_codes WHERE card_id = ? AND used_at IS NULL')
		.pluck()
		.all(card.id) as string[];
	const key = keys[randomInt(keys.length)]!;
	db.prepare('UPDATE code_cards SET challenge_key = ? WHERE id = ?').run(key, card.id);
	return { cardId: card.id, key };
}

/** Checks a code for a key and uses it up when right. Call inside a write transaction. */
export function useCode(db: Db, cardId: string, key: string, code: string, now: number): boolean {
	const row = db
		.prepare(
			`SELECT c.salt, k.code_hash, k.used_at FROM code_cards c JOIN code_card_codes k ON k.card_id = c.id
			 WHERE c.id = ? AND k.key = ? AND c.status != 'retired'`
		)
		.get(cardId, key) as { salt: string; code_hash: string; used_at: number | null } | undefined;
	if (!row || row.used_at !== null) return false;
	if (!/^\d{6}$/.test(code) || !equalSecrets(hashCode(row.salt, key, code), row.code_hash)) return false;
	db.prepare('UPDATE code_card_codes SET used_at = ? WHERE card_id = ? AND key = ?').run(now, cardId, key);
	db.prepare('UPDATE code_cards SET challenge_key = NULL WHERE id = ?').run(cardId);
	return true;
}

/** Issues the next card when the active one runs low; returns it (to show once) or null. */
export function issueNextCardIfLow(db: Db, citizenId: string, now: number): CodeCard | null {
	const active = db
		.prepare("SELECT id FROM code_cards WHERE citizen_id = ? AND status = 'active'")
		.pluck()
		.get(citizenId) as string | undefined;
	if (!active || unusedCount(db, active) > NEW_CARD_THRESHOLD) return null;
	const hasNext = db
		.prepare("SELECT 1 FROM code_cards WHERE citizen_id = ? AND status = 'next'")
		.get(citizenId);
	if (hasNext) return null;
	return issueCard(db, citizenId, 'next', now);
}

export function cardStatus(db: Db, citizenId: string): CardStatus | null {
	const cards = db
		.prepare("SELECT id, status FROM code_cards WHERE citizen_id = ? AND status != 'retired'")
		.all(citizenId) as { id: string; status: string }[];
	const active = cards.find((c) => c.status === 'active');
	if (!active) return null;
	return {
		cardId: active.id,
		unused: unusedCount(db, active.id),
		total: CODES_PER_CARD,
		nextCardId: cards.find((c) => c.status === 'next')?.id ?? null
	};
}
