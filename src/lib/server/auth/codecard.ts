import { createHmac, randomInt } from 'node:crypto';
import type { Queryable, Tx } from '../db/engine';
import { valueRows } from '../db/sql';
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
export async function issueCard(
	t: Tx,
	citizenId: string,
	status: 'active' | 'next',
	now: number
): Promise<CodeCard> {
	let card = generateCard();
	while (await t.one('SELECT 1 AS hit FROM code_cards WHERE id = $1', [card.cardId])) card = generateCard();
	const salt = randomToken(16);
	await t.run(
		'INSERT INTO code_cards (id, citizen_id, status, salt, issued_at) VALUES ($1, $2, $3, $4, $5)',
		[card.cardId, citizenId, status, salt, now]
	);
	const entries = Object.entries(card.codes);
	// One statement for the whole card (148 round trips on PostgreSQL otherwise).
	await t.run(
		`INSERT INTO code_card_codes (card_id, key, code_hash) VALUES ${valueRows(entries.length, 3)}`,
		entries.flatMap(([key, code]) => [card.cardId, key, hashCode(salt, key, code)])
	);
	return card;
}

interface CardRow {
	id: string;
	salt: string;
	challenge_key: string | null;
}

async function unusedCount(q: Queryable, cardId: string): Promise<number> {
	return (
		(await q.value<number>(
			'SELECT count(*) AS n FROM code_card_codes WHERE card_id = $1 AND used_at IS NULL',
			[cardId]
		)) ?? 0
	);
}

/** The card a sign-in asks for: the active one, or the next one once the active card is used up. */
async function activeCard(t: Tx, citizenId: string): Promise<CardRow | null> {
	const active = await t.one<CardRow>(
		"SELECT id, salt, challenge_key FROM code_cards WHERE citizen_id = $1 AND status = 'active'",
		[citizenId]
	);
	if (active && (await unusedCount(t, active.id)) > 0) return active;
	const next = await t.one<CardRow>(
		"SELECT id, salt, challenge_key FROM code_cards WHERE citizen_id = $1 AND status = 'next'",
		[citizenId]
	);
	if (!next) return null;
	if (active) await t.run("UPDATE code_cards SET status = 'retired' WHERE id = $1", [active.id]);
	await t.run("UPDATE code_cards SET status = 'active' WHERE id = $1", [next.id]);
	return next;
}

/**
 * The key the citizen must answer. It stays the same until answered correctly, so reloading the page
 * cannot be used to fish for a key an attacker happens to know. Call with the credentials row locked.
 */
export async function challengeFor(
	t: Tx,
	citizenId: string
): Promise<{ cardId: string; key: string } | null> {
	const card = await activeCard(t, citizenId);
	if (!card) return null;
	if (card.challenge_key) {
		const open = await t.one(
			'SELECT 1 AS hit FROM code_card_codes WHERE card_id = $1 AND key = $2 AND used_at IS NULL',
			[card.id, card.challenge_key]
		);
		if (open) return { cardId: card.id, key: card.challenge_key };
	}
	const keys = (
		await t.all<{ key: string }>(
			'SELECT key FROM code_card_codes WHERE card_id = $1 AND used_at IS NULL ORDER BY key',
			[card.id]
		)
	).map((r) => r.key);
	const key = keys[randomInt(keys.length)]!;
	await t.run('UPDATE code_cards SET challenge_key = $1 WHERE id = $2', [key, card.id]);
	return { cardId: card.id, key };
}

/** Checks a code for a key and uses it up when right. Call with the credentials row locked. */
export async function useCode(
	t: Tx,
	cardId: string,
	key: string,
	code: string,
	now: number
): Promise<boolean> {
	const row = await t.one<{ salt: string; code_hash: string; used_at: number | null }>(
		`SELECT c.salt, k.code_hash, k.used_at FROM code_cards c JOIN code_card_codes k ON k.card_id = c.id
		 WHERE c.id = $1 AND k.key = $2 AND c.status <> 'retired'`,
		[cardId, key]
	);
	if (!row || row.used_at !== null) return false;
	if (!/^\d{6}$/.test(code) || !equalSecrets(hashCode(row.salt, key, code), row.code_hash)) return false;
	await t.run('UPDATE code_card_codes SET used_at = $1 WHERE card_id = $2 AND key = $3', [now, cardId, key]);
	await t.run('UPDATE code_cards SET challenge_key = NULL WHERE id = $1', [cardId]);
	return true;
}

/** Issues the next card when the active one runs low; returns it (to show once) or null. */
export async function issueNextCardIfLow(t: Tx, citizenId: string, now: number): Promise<CodeCard | null> {
	const active = await t.value<string>(
		"SELECT id FROM code_cards WHERE citizen_id = $1 AND status = 'active'",
		[citizenId]
	);
	if (!active || (await unusedCount(t, active)) > NEW_CARD_THRESHOLD) return null;
	const hasNext = await t.one("SELECT 1 AS hit FROM code_cards WHERE citizen_id = $1 AND status = 'next'", [
		citizenId
	]);
	if (hasNext) return null;
	return issueCard(t, citizenId, 'next', now);
}

export async function cardStatus(q: Queryable, citizenId: string): Promise<CardStatus | null> {
	const cards = await q.all<{ id: string; status: string }>(
		"SELECT id, status FROM code_cards WHERE citizen_id = $1 AND status <> 'retired' ORDER BY issued_at",
		[citizenId]
	);
	const active = cards.find((c) => c.status === 'active');
	if (!active) return null;
	return {
		cardId: active.id,
		unused: await unusedCount(q, active.id),
		total: CODES_PER_CARD,
		nextCardId: cards.find((c) => c.status === 'next')?.id ?? null
	};
}
