import { randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable, Tx } from '../db/engine';
import { valueRows } from '../db/sql';
import { hashPassword } from './password';
import { issueCard, type CodeCard } from './codecard';

export interface NewCitizen {
	userId: string;
	password: string;
	name: string;
	cpr: string;
	/** Whether the first-sign-in registration is already done. */
	registered?: boolean;
	/** Private senders this citizen accepts post from. */
	optIns?: string[];
}

export interface CreatedCitizen {
	citizenId: string;
	mailboxId: string;
	card: CodeCard;
}

/** Creates a citizen with credentials, an active code card and an empty mailbox. */
export async function createCitizen(
	db: Database,
	input: NewCitizen,
	now = Date.now()
): Promise<CreatedCitizen> {
	const passwordHash = await hashPassword(input.password);
	return db.tx((t) => createCitizenIn(t, input, passwordHash, now));
}

/** The writes of createCitizen, inside the caller's transaction (the password hashed before it). */
export async function createCitizenIn(
	t: Tx,
	input: NewCitizen,
	passwordHash: string,
	now: number
): Promise<CreatedCitizen> {
	const citizenId = randomUUID();
	const mailboxId = randomUUID();
	await t.run(
		'INSERT INTO citizens (id, user_id, cpr, name, registered_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
		[citizenId, input.userId, input.cpr, input.name, input.registered ? now : null, now]
	);
	await t.run('INSERT INTO credentials (citizen_id, password_hash, updated_at) VALUES ($1, $2, $3)', [
		citizenId,
		passwordHash,
		now
	]);
	await t.run('INSERT INTO mailboxes (id, citizen_id) VALUES ($1, $2)', [mailboxId, citizenId]);
	const optIns = input.optIns ?? [];
	if (optIns.length > 0) {
		await t.run(
			`INSERT INTO private_sender_optins (mailbox_id, sender_id, created_at) VALUES ${valueRows(optIns.length, 3)}`,
			optIns.flatMap((senderId) => [mailboxId, senderId, now])
		);
	}
	const card = await issueCard(t, citizenId, 'active', now);
	return { citizenId, mailboxId, card };
}

/**
 * A citizen who signs in through an identity broker only (no password, no code card), with an empty mailbox.
 * Registration (what Digital Post means, private senders) comes at the first sign-in.
 */
export async function createCitizenWithoutCredentials(
	t: Tx,
	input: { cpr: string; name: string },
	now: number
): Promise<string> {
	const citizenId = randomUUID();
	await t.run(
		'INSERT INTO citizens (id, user_id, cpr, name, registered_at, created_at) VALUES ($1, $2, $3, $4, NULL, $5)',
		[citizenId, `mitid-${randomBytes(8).toString('hex')}`, input.cpr, input.name, now]
	);
	await t.run('INSERT INTO mailboxes (id, citizen_id) VALUES ($1, $2)', [randomUUID(), citizenId]);
	return citizenId;
}

export interface CitizenRow {
	id: string;
	user_id: string;
	cpr: string;
	name: string;
	registered_at: number | null;
	mailbox_id: string;
}

export async function citizenById(q: Queryable, citizenId: string): Promise<CitizenRow | null> {
	return (
		(await q.one<CitizenRow>(
			`SELECT c.id, c.user_id, c.cpr, c.name, c.registered_at, m.id AS mailbox_id
			 FROM citizens c JOIN mailboxes m ON m.citizen_id = c.id WHERE c.id = $1`,
			[citizenId]
		)) ?? null
	);
}

export async function citizenByCpr(q: Queryable, cpr: string): Promise<CitizenRow | null> {
	return (
		(await q.one<CitizenRow>(
			`SELECT c.id, c.user_id, c.cpr, c.name, c.registered_at, m.id AS mailbox_id
			 FROM citizens c JOIN mailboxes m ON m.citizen_id = c.id WHERE c.cpr = $1`,
			[cpr]
		)) ?? null
	);
}

/** First sign-in: the citizen has read what Digital Post means and chosen private senders. */
export async function markRegistered(t: Tx, citizenId: string, now: number): Promise<void> {
	await t.run('UPDATE citizens SET registered_at = coalesce(registered_at, $1) WHERE id = $2', [
		now,
		citizenId
	]);
}
