import { randomBytes, randomUUID } from 'node:crypto';
import { write, type Db } from '../db/connection';
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
export async function createCitizen(db: Db, input: NewCitizen, now = Date.now()): Promise<CreatedCitizen> {
	const passwordHash = await hashPassword(input.password);
	return write(db, () => {
		const citizenId = randomUUID();
		const mailboxId = randomUUID();
		db.prepare(
			'INSERT INTO citizens (id, user_id, cpr, name, registered_at, created_at) VALUES (?, ?, ?, ?, ?, ?)'
		).run(citizenId, input.userId, input.cpr, input.name, input.registered ? now : null, now);
		db.prepare('INSERT INTO credentials (citizen_id, password_hash, updated_at) VALUES (?, ?, ?)').run(
			citizenId,
			passwordHash,
			now
		);
		db.prepare('INSERT INTO mailboxes (id, citizen_id) VALUES (?, ?)').run(mailboxId, citizenId);
		const optIn = db.prepare(
			'INSERT INTO private_sender_optins (mailbox_id, sender_id, created_at) VALUES (?, ?, ?)'
		);
		for (const senderId of input.optIns ?? []) optIn.run(mailboxId, senderId, now);
		const card = issueCard(db, citizenId, 'active', now);
		return { citizenId, mailboxId, card };
	});
}

/**
 * A citizen who signs in through an identity broker only (no password, no code card), with an empty mailbox.
 * Registration (what Digital Post means, private senders) comes at the first sign-in. Call inside a write.
 */
export function createCitizenWithoutCredentials(
	db: Db,
	input: { cpr: string; name: string },
	now: number
): string {
	const citizenId = randomUUID();
	db.prepare(
		'INSERT INTO citizens (id, user_id, cpr, name, registered_at, created_at) VALUES (?, ?, ?, ?, NULL, ?)'
	).run(citizenId, `mitid-${randomBytes(8).toString('hex')}`, input.cpr, input.name, now);
	db.prepare('INSERT INTO mailboxes (id, citizen_id) VALUES (?, ?)').run(randomUUID(), citizenId);
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

export function citizenById(db: Db, citizenId: string): CitizenRow | null {
	return (
		(db
			.prepare(
				`SELECT c.id, c.user_id, c.cpr, c.name, c.registered_at, m.id AS mailbox_id
				 FROM citizens c JOIN mailboxes m ON m.citizen_id = c.id WHERE c.id = ?`
			)
			.get(citizenId) as CitizenRow | undefined) ?? null
	);
}

export function citizenByCpr(db: Db, cpr: string): CitizenRow | null {
	return (
		(db
			.prepare(
				`SELECT c.id, c.user_id, c.cpr, c.name, c.registered_at, m.id AS mailbox_id
				 FROM citizens c JOIN mailboxes m ON m.citizen_id = c.id WHERE c.cpr = ?`
			)
			.get(cpr) as CitizenRow | undefined) ?? null
	);
}

/** First sign-in: the citizen has read what Digital Post means and chosen private senders. */
export function markRegistered(db: Db, citizenId: string, now: number): void {
	db.prepare('UPDATE citizens SET registered_at = coalesce(registered_at, ?) WHERE id = ?').run(
		now,
		citizenId
	);
}
