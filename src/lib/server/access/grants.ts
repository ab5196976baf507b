import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection';
import type { AccessLevel, GrantStatus, HelpedMailbox } from '../../schemas/access';
import { startOfDanishDay } from '../mail/held';
import { recordHistory } from './history';
import { noticeOfAccess } from './notices';
import type { Role } from './rules';

export interface Grant {
	id: string;
	mailboxId: string;
	helperId: string;
	helperName: string;
	helperUserId: string;
	ownerName: string;
	level: AccessLevel;
	status: GrantStatus;
	askedBy: 'helper' | 'owner';
	endsAt: number | null;
	createdAt: number;
	decidedAt: number | null;
	endedAt: number | null;
}

interface GrantRow {
	id: string;
	mailbox_id: string;
	helper_id: string;
	helper_name: string;
	helper_user_id: string;
	owner_name: string;
	level: AccessLevel;
	status: GrantStatus;
	asked_by: 'helper' | 'owner';
	ends_at: number | null;
	created_at: number;
	decided_at: number | null;
	ended_at: number | null;
}

const SELECT_GRANT = `SELECT g.*, h.name AS helper_name, h.user_id AS helper_user_id, o.name AS owner_name
	FROM access_grants g
	JOIN citizens h ON h.id = g.helper_id
	JOIN mailboxes m ON m.id = g.mailbox_id
	JOIN citizens o ON o.id = m.citizen_id`;

function toGrant(r: GrantRow): Grant {
	return {
		id: r.id,
		mailboxId: r.mailbox_id,
		helperId: r.helper_id,
		helperName: r.helper_name,
		helperUserId: r.helper_user_id,
		ownerName: r.owner_name,
		level: r.level,
		status: r.status,
		askedBy: r.asked_by,
		endsAt: r.ends_at,
		createdAt: r.created_at,
		decidedAt: r.decided_at,
		endedAt: r.ended_at
	};
}

/** Active and not past its end date: expiry ends access at once, before housekeeping marks it ended. */
function inForce(g: { status: GrantStatus; ends_at: number | null }, now: number): boolean {
	return g.status === 'active' && (g.ends_at === null || now < g.ends_at);
}

export interface MailboxRight {
	mailboxId: string;
	role: Role;
	/** The helper's grant; null for the owner. */
	grant: { id: string; helperId: string; helperName: string; endsAt: number | null } | null;
}

/**
 * Who the caller is to a mailbox right now: its owner, a helper with an access in force, or nobody (null).
 * `ended` tells a former helper apart from a stranger, so a helper's device learns to drop the mailbox.
 */
export function rightTo(
	db: Db,
	citizenId: string,
	mailboxId: string,
	now: number
): MailboxRight | { ended: boolean } {
	const owner = db.prepare('SELECT citizen_id FROM mailboxes WHERE id = ?').pluck().get(mailboxId) as
		string | undefined;
	if (owner === undefined) return { ended: false };
	if (owner === citizenId) return { mailboxId, role: 'owner', grant: null };
	const row = db
		.prepare(
			`SELECT g.id, g.level, g.status, g.ends_at, c.name FROM access_grants g JOIN citizens c ON c.id = g.helper_id
			 WHERE g.mailbox_id = ? AND g.helper_id = ? AND g.status IN ('active', 'ended')
			 ORDER BY CASE WHEN g.status = 'active' THEN 0 ELSE 1 END, g.created_at DESC LIMIT 1`
		)
		.get(mailboxId, citizenId) as
		{ id: string; level: AccessLevel; status: GrantStatus; ends_at: number | null; name: string } | undefined;
	if (!row) return { ended: false };
	if (!inForce(row, now)) return { ended: true };
	return {
		mailboxId,
		role: row.level,
		grant: { id: row.id, helperId: citizenId, helperName: row.name, endsAt: row.ends_at }
	};
}

/** The moment an access with this end date stops: when the day after it begins in Denmark. */
export function endOfDay(endsOn: string): number {
	const [y, m, d] = endsOn.split('-').map(Number) as [number, number, number];
	return startOfDanishDay(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10));
}

export type GrantError =
	| { error: 'not_found'; field: 'userId' }
	| { error: 'self'; field: 'userId' }
	| { error: 'exists'; field: 'userId' }
	| { error: 'past'; field: 'endsOn' };

/** The citizen a user ID and name point at, when both match (the name as the person is registered). */
function citizenByIdAndName(db: Db, userId: string, name: string): { id: string; mailboxId: string } | null {
	const row = db
		.prepare(
			`SELECT c.id, c.name, m.id AS mailbox_id FROM citizens c JOIN mailboxes m ON m.citizen_id = c.id
			 WHERE c.user_id = ?`
		)
		.get(userId) as { id: string; name: string; mailbox_id: string } | undefined;
	const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('da');
	return row && fold(row.name) === fold(name) ? { id: row.id, mailboxId: row.mailbox_id } : null;
}

function openGrantExists(db: Db, mailboxId: string, helperId: string): boolean {
	return !!db
		.prepare(
			"SELECT 1 FROM access_grants WHERE mailbox_id = ? AND helper_id = ? AND status IN ('requested', 'active')"
		)
		.get(mailboxId, helperId);
}

function insertGrant(
	db: Db,
	g: {
		mailboxId: string;
		helperId: string;
		level: AccessLevel;
		endsAt: number | null;
		askedBy: 'helper' | 'owner';
	},
	now: number
): string {
	const id = randomUUID();
	const status = g.askedBy === 'owner' ? 'active' : 'requested';
	db.prepare(
		`INSERT INTO access_grants (id, mailbox_id, helper_id, level, status, asked_by, ends_at, created_at, decided_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		id,
		g.mailboxId,
		g.helperId,
		g.level,
		status,
		g.askedBy,
		g.endsAt,
		now,
		g.askedBy === 'owner' ? now : null
	);
	recordHistory(
		db,
		{
			mailboxId: g.mailboxId,
			helperId: g.helperId,
			action: g.askedBy === 'owner' ? 'granted' : 'requested',
			detail: g.level
		},
		now
	);
	noticeOfAccess(db, id, g.askedBy === 'owner' ? 'started' : 'requested', now);
	return id;
}

/**
 * The helper asks the owner (by user ID and name) for access. Call inside a write transaction.
 * Returns the new grant id, or why not.
 */
export function requestAccess(
	db: Db,
	helperId: string,
	input: { userId: string; name: string; level: AccessLevel; endsOn: string | null },
	now: number
): { ok: true; grantId: string; ownerId: string } | { ok: false; why: GrantError } {
	const owner = citizenByIdAndName(db, input.userId, input.name);
	if (!owner) return { ok: false, why: { error: 'not_found', field: 'userId' } };
	if (owner.id === helperId) return { ok: false, why: { error: 'self', field: 'userId' } };
	const endsAt = input.endsOn ? endOfDay(input.endsOn) : null;
	if (endsAt !== null && endsAt <= now) return { ok: false, why: { error: 'past', field: 'endsOn' } };
	if (openGrantExists(db, owner.mailboxId, helperId))
		return { ok: false, why: { error: 'exists', field: 'userId' } };
	const grantId = insertGrant(
		db,
		{ mailboxId: owner.mailboxId, helperId, level: input.level, endsAt, askedBy: 'helper' },
		now
	);
	return { ok: true, grantId, ownerId: owner.id };
}

/** The owner gives access directly to a person (by user ID and name). Call inside a write transaction. */
export function grantAccess(
	db: Db,
	owner: { citizenId: string; mailboxId: string },
	input: { userId: string; name: string; level: AccessLevel; endsOn: string | null },
	now: number
): { ok: true; grantId: string; helperId: string } | { ok: false; why: GrantError } {
	const helper = citizenByIdAndName(db, input.userId, input.name);
	if (!helper) return { ok: false, why: { error: 'not_found', field: 'userId' } };
	if (helper.id === owner.citizenId) return { ok: false, why: { error: 'self', field: 'userId' } };
	const endsAt = input.endsOn ? endOfDay(input.endsOn) : null;
	if (endsAt !== null && endsAt <= now) return { ok: false, why: { error: 'past', field: 'endsOn' } };
	if (openGrantExists(db, owner.mailboxId, helper.id))
		return { ok: false, why: { error: 'exists', field: 'userId' } };
	const grantId = insertGrant(
		db,
		{ mailboxId: owner.mailboxId, helperId: helper.id, level: input.level, endsAt, askedBy: 'owner' },
		now
	);
	return { ok: true, grantId, helperId: helper.id };
}

/** One grant of the owner's mailbox, or null (also for other mailboxes' grants). */
export function ownersGrant(db: Db, mailboxId: string, grantId: string): Grant | null {
	const row = db.prepare(`${SELECT_GRANT} WHERE g.id = ? AND g.mailbox_id = ?`).get(grantId, mailboxId) as
		GrantRow | undefined;
	return row ? toGrant(row) : null;
}

export type Decision = 'approve' | 'refuse' | 'end' | { level: AccessLevel };

/**
 * The owner decides on a grant of their mailbox: approve or refuse a request, change the level, end it.
 * Call inside a write transaction. Returns the grant after the change, or null when the change does not
 * fit its state (an ended grant cannot be approved).
 */
export function decide(
	db: Db,
	mailboxId: string,
	grantId: string,
	decision: Decision,
	now: number
): Grant | null {
	const grant = ownersGrant(db, mailboxId, grantId);
	if (!grant) return null;
	const open = grant.status === 'active' && (grant.endsAt === null || now < grant.endsAt);
	const log = (action: 'approved' | 'refused' | 'level_changed' | 'ended', detail: string | null) =>
		recordHistory(db, { mailboxId, helperId: grant.helperId, action, detail }, now);
	if (decision === 'approve' || decision === 'refuse') {
		if (grant.status !== 'requested') return null;
		const status = decision === 'approve' ? 'active' : 'refused';
		db.prepare('UPDATE access_grants SET status = ?, decided_at = ? WHERE id = ?').run(status, now, grantId);
		log(decision === 'approve' ? 'approved' : 'refused', grant.level);
		noticeOfAccess(db, grantId, decision === 'approve' ? 'started' : 'refused', now);
	} else if (decision === 'end') {
		if (grant.status !== 'active' && grant.status !== 'requested') return null;
		db.prepare("UPDATE access_grants SET status = 'ended', ended_at = ? WHERE id = ?").run(now, grantId);
		log('ended', null);
		// Ending a request the owner never answered is, to the helper, a no.
		noticeOfAccess(db, grantId, grant.status === 'requested' ? 'refused' : 'ended', now);
	} else {
		if (!open && grant.status !== 'requested') return null;
		if (grant.level === decision.level) return grant;
		db.prepare('UPDATE access_grants SET level = ? WHERE id = ?').run(decision.level, grantId);
		log('level_changed', decision.level);
		// A request's level changed before it was answered is not news to the helper yet.
		if (grant.status === 'active') noticeOfAccess(db, grantId, 'changed', now);
	}
	return ownersGrant(db, mailboxId, grantId);
}

/** The helper ends their own access (or withdraws their request). Call inside a write transaction. */
export function leave(db: Db, helperId: string, grantId: string, now: number): Grant | null {
	const row = db
		.prepare(
			"SELECT mailbox_id FROM access_grants WHERE id = ? AND helper_id = ? AND status IN ('requested', 'active')"
		)
		.pluck()
		.get(grantId, helperId) as string | undefined;
	if (!row) return null;
	db.prepare("UPDATE access_grants SET status = 'ended', ended_at = ? WHERE id = ?").run(now, grantId);
	recordHistory(db, { mailboxId: row, helperId, action: 'ended', detail: 'helper' }, now);
	return ownersGrant(db, row, grantId);
}

/** Every grant of an owner's mailbox: open ones first, then the latest others. */
export function grantsOfMailbox(db: Db, mailboxId: string): Grant[] {
	return (
		db
			.prepare(
				`${SELECT_GRANT} WHERE g.mailbox_id = ?
				 ORDER BY CASE g.status WHEN 'requested' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, g.created_at DESC LIMIT 100`
			)
			.all(mailboxId) as GrantRow[]
	).map(toGrant);
}

/** Every grant where the citizen is the helper (to show "my requests" and whose post they can see). */
export function grantsOfHelper(db: Db, helperId: string): Grant[] {
	return (
		db
			.prepare(
				`${SELECT_GRANT} WHERE g.helper_id = ?
				 ORDER BY CASE g.status WHEN 'active' THEN 0 WHEN 'requested' THEN 1 ELSE 2 END, g.created_at DESC LIMIT 100`
			)
			.all(helperId) as GrantRow[]
	).map(toGrant);
}

/** The mailboxes a citizen may open as a helper now. */
export function helpedMailboxes(db: Db, helperId: string, now: number): HelpedMailbox[] {
	return grantsOfHelper(db, helperId)
		.filter((g) => g.status === 'active' && (g.endsAt === null || now < g.endsAt))
		.map((g) => ({ mailboxId: g.mailboxId, ownerName: g.ownerName, level: g.level, endsAt: g.endsAt }));
}

/** Marks active grants past their end date as ended, with a history entry each; returns them. */
export function endExpiredGrants(db: Db, now: number): { mailboxId: string; helperId: string }[] {
	const due = db
		.prepare("SELECT id, mailbox_id, helper_id FROM access_grants WHERE status = 'active' AND ends_at <= ?")
		.all(now) as { id: string; mailbox_id: string; helper_id: string }[];
	for (const g of due) {
		db.prepare("UPDATE access_grants SET status = 'ended', ended_at = ? WHERE id = ?").run(now, g.id);
		recordHistory(db, { mailboxId: g.mailbox_id, helperId: g.helper_id, action: 'expired' }, now);
		noticeOfAccess(db, g.id, 'ended', now);
	}
	return due.map((g) => ({ mailboxId: g.mailbox_id, helperId: g.helper_id }));
}
