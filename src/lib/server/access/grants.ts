import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../db/engine';
import { claimRows } from '../db/claim';
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
export async function rightTo(
	q: Queryable,
	citizenId: string,
	mailboxId: string,
	now: number
): Promise<MailboxRight | { ended: boolean }> {
	const owner = await q.value<string>('SELECT citizen_id FROM mailboxes WHERE id = $1', [mailboxId]);
	if (owner === undefined) return { ended: false };
	if (owner === citizenId) return { mailboxId, role: 'owner', grant: null };
	const row = await q.one<{
		id: string;
		level: AccessLevel;
		status: GrantStatus;
		ends_at: number | null;
		name: string;
	}>(
		`SELECT g.id, g.level, g.status, g.ends_at, c.name FROM access_grants g JOIN citizens c ON c.id = g.helper_id
		 WHERE g.mailbox_id = $1 AND g.helper_id = $2 AND g.status IN ('active', 'ended')
		 ORDER BY CASE WHEN g.status = 'active' THEN 0 ELSE 1 END, g.created_at DESC, g.id LIMIT 1`,
		[mailboxId, citizenId]
	);
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
async function citizenByIdAndName(
	q: Queryable,
	userId: string,
	name: string
): Promise<{ id: string; mailboxId: string } | null> {
	const row = await q.one<{ id: string; name: string; mailbox_id: string }>(
		`SELECT c.id, c.name, m.id AS mailbox_id FROM citizens c JOIN mailboxes m ON m.citizen_id = c.id
		 WHERE c.user_id = $1`,
		[userId]
	);
	const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('da');
	return row && fold(row.name) === fold(name) ? { id: row.id, mailboxId: row.mailbox_id } : null;
}

/**
 * Whether the helper already has an open grant to the mailbox. Locks the mailbox row first: two requests
 * for the same pair in two app processes are then serialized, so the second sees the first's grant.
 */
async function openGrantExists(t: Tx, mailboxId: string, helperId: string): Promise<boolean> {
	await t.one('SELECT id FROM mailboxes WHERE id = $1 FOR NO KEY UPDATE', [mailboxId]);
	return !!(await t.one(
		"SELECT 1 AS hit FROM access_grants WHERE mailbox_id = $1 AND helper_id = $2 AND status IN ('requested', 'active')",
		[mailboxId, helperId]
	));
}

async function insertGrant(
	t: Tx,
	g: {
		mailboxId: string;
		helperId: string;
		level: AccessLevel;
		endsAt: number | null;
		askedBy: 'helper' | 'owner';
	},
	now: number
): Promise<string> {
	const id = randomUUID();
	const status = g.askedBy === 'owner' ? 'active' : 'requested';
	await t.run(
		`INSERT INTO access_grants (id, mailbox_id, helper_id, level, status, asked_by, ends_at, created_at, decided_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		[
			id,
			g.mailboxId,
			g.helperId,
			g.level,
			status,
			g.askedBy,
			g.endsAt,
			now,
			g.askedBy === 'owner' ? now : null
		]
	);
	await recordHistory(
		t,
		{
			mailboxId: g.mailboxId,
			helperId: g.helperId,
			action: g.askedBy === 'owner' ? 'granted' : 'requested',
			detail: g.level
		},
		now
	);
	await noticeOfAccess(t, id, g.askedBy === 'owner' ? 'started' : 'requested', now);
	return id;
}

/** The helper asks the owner (by user ID and name) for access. Returns the new grant id, or why not. */
export async function requestAccess(
	t: Tx,
	helperId: string,
	input: { userId: string; name: string; level: AccessLevel; endsOn: string | null },
	now: number
): Promise<{ ok: true; grantId: string; ownerId: string } | { ok: false; why: GrantError }> {
	const owner = await citizenByIdAndName(t, input.userId, input.name);
	if (!owner) return { ok: false, why: { error: 'not_found', field: 'userId' } };
	if (owner.id === helperId) return { ok: false, why: { error: 'self', field: 'userId' } };
	const endsAt = input.endsOn ? endOfDay(input.endsOn) : null;
	if (endsAt !== null && endsAt <= now) return { ok: false, why: { error: 'past', field: 'endsOn' } };
	if (await openGrantExists(t, owner.mailboxId, helperId))
		return { ok: false, why: { error: 'exists', field: 'userId' } };
	const grantId = await insertGrant(
		t,
		{ mailboxId: owner.mailboxId, helperId, level: input.level, endsAt, askedBy: 'helper' },
		now
	);
	return { ok: true, grantId, ownerId: owner.id };
}

/** The owner gives access directly to a person (by user ID and name). */
export async function grantAccess(
	t: Tx,
	owner: { citizenId: string; mailboxId: string },
	input: { userId: string; name: string; level: AccessLevel; endsOn: string | null },
	now: number
): Promise<{ ok: true; grantId: string; helperId: string } | { ok: false; why: GrantError }> {
	const helper = await citizenByIdAndName(t, input.userId, input.name);
	if (!helper) return { ok: false, why: { error: 'not_found', field: 'userId' } };
	if (helper.id === owner.citizenId) return { ok: false, why: { error: 'self', field: 'userId' } };
	const endsAt = input.endsOn ? endOfDay(input.endsOn) : null;
	if (endsAt !== null && endsAt <= now) return { ok: false, why: { error: 'past', field: 'endsOn' } };
	if (await openGrantExists(t, owner.mailboxId, helper.id))
		return { ok: false, why: { error: 'exists', field: 'userId' } };
	const grantId = await insertGrant(
		t,
		{ mailboxId: owner.mailboxId, helperId: helper.id, level: input.level, endsAt, askedBy: 'owner' },
		now
	);
	return { ok: true, grantId, helperId: helper.id };
}

/** One grant of the owner's mailbox, or null (also for other mailboxes' grants). */
export async function ownersGrant(q: Queryable, mailboxId: string, grantId: string): Promise<Grant | null> {
	const row = await q.one<GrantRow>(`${SELECT_GRANT} WHERE g.id = $1 AND g.mailbox_id = $2`, [
		grantId,
		mailboxId
	]);
	return row ? toGrant(row) : null;
}

export type Decision = 'approve' | 'refuse' | 'end' | { level: AccessLevel };

/**
 * The owner decides on a grant of their mailbox: approve or refuse a request, change the level, end it.
 * Returns the grant after the change, or null when the change does not fit its state (an ended grant cannot
 * be approved).
 */
export async function decide(
	t: Tx,
	mailboxId: string,
	grantId: string,
	decision: Decision,
	now: number
): Promise<Grant | null> {
	// The state decides the write: lock the grant first (a helper leaving at the same moment waits).
	await t.one('SELECT id FROM access_grants WHERE id = $1 FOR UPDATE', [grantId]);
	const grant = await ownersGrant(t, mailboxId, grantId);
	if (!grant) return null;
	const open = grant.status === 'active' && (grant.endsAt === null || now < grant.endsAt);
	const log = (action: 'approved' | 'refused' | 'level_changed' | 'ended', detail: string | null) =>
		recordHistory(t, { mailboxId, helperId: grant.helperId, action, detail }, now);
	if (decision === 'approve' || decision === 'refuse') {
		if (grant.status !== 'requested') return null;
		const status = decision === 'approve' ? 'active' : 'refused';
		await t.run('UPDATE access_grants SET status = $1, decided_at = $2 WHERE id = $3', [
			status,
			now,
			grantId
		]);
		await log(decision === 'approve' ? 'approved' : 'refused', grant.level);
		await noticeOfAccess(t, grantId, decision === 'approve' ? 'started' : 'refused', now);
	} else if (decision === 'end') {
		if (grant.status !== 'active' && grant.status !== 'requested') return null;
		await t.run("UPDATE access_grants SET status = 'ended', ended_at = $1 WHERE id = $2", [now, grantId]);
		await log('ended', null);
		// Ending a request the owner never answered is, to the helper, a no.
		await noticeOfAccess(t, grantId, grant.status === 'requested' ? 'refused' : 'ended', now);
	} else {
		if (!open && grant.status !== 'requested') return null;
		if (grant.level === decision.level) return grant;
		await t.run('UPDATE access_grants SET level = $1 WHERE id = $2', [decision.level, grantId]);
		await log('level_changed', decision.level);
		// A request's level changed before it was answered is not news to the helper yet.
		if (grant.status === 'active') await noticeOfAccess(t, grantId, 'changed', now);
	}
	return ownersGrant(t, mailboxId, grantId);
}

/** The helper ends their own access (or withdraws their request). */
export async function leave(t: Tx, helperId: string, grantId: string, now: number): Promise<Grant | null> {
	const row = await t.value<string>(
		"SELECT mailbox_id FROM access_grants WHERE id = $1 AND helper_id = $2 AND status IN ('requested', 'active') FOR UPDATE",
		[grantId, helperId]
	);
	if (!row) return null;
	await t.run("UPDATE access_grants SET status = 'ended', ended_at = $1 WHERE id = $2", [now, grantId]);
	await recordHistory(t, { mailboxId: row, helperId, action: 'ended', detail: 'helper' }, now);
	return ownersGrant(t, row, grantId);
}

/** Every grant of an owner's mailbox: open ones first, then the latest others. */
export async function grantsOfMailbox(q: Queryable, mailboxId: string): Promise<Grant[]> {
	return (
		await q.all<GrantRow>(
			`${SELECT_GRANT} WHERE g.mailbox_id = $1
			 ORDER BY CASE g.status WHEN 'requested' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, g.created_at DESC, g.id LIMIT 100`,
			[mailboxId]
		)
	).map(toGrant);
}

/** Every grant where the citizen is the helper (to show "my requests" and whose post they can see). */
export async function grantsOfHelper(q: Queryable, helperId: string): Promise<Grant[]> {
	return (
		await q.all<GrantRow>(
			`${SELECT_GRANT} WHERE g.helper_id = $1
			 ORDER BY CASE g.status WHEN 'active' THEN 0 WHEN 'requested' THEN 1 ELSE 2 END, g.created_at DESC, g.id LIMIT 100`,
			[helperId]
		)
	).map(toGrant);
}

/** The mailboxes a citizen may open as a helper now. */
export async function helpedMailboxes(q: Queryable, helperId: string, now: number): Promise<HelpedMailbox[]> {
	return (await grantsOfHelper(q, helperId))
		.filter((g) => g.status === 'active' && (g.endsAt === null || now < g.endsAt))
		.map((g) => ({ mailboxId: g.mailboxId, ownerName: g.ownerName, level: g.level, endsAt: g.endsAt }));
}

/**
 * Marks active grants past their end date as ended, with a history entry each; returns them. The due grants
 * are claimed (FOR UPDATE SKIP LOCKED), so with several app processes each is ended once.
 */
export async function endExpiredGrants(
	t: Tx,
	now: number
): Promise<{ mailboxId: string; helperId: string }[]> {
	const due = await claimRows<{ id: string; mailbox_id: string; helper_id: string }>(t, {
		table: 'access_grants',
		columns: 'id, mailbox_id, helper_id',
		where: "status = 'active' AND ends_at <= $1",
		params: [now],
		orderBy: 'id',
		limit: 1000
	});
	for (const g of due) {
		await t.run("UPDATE access_grants SET status = 'ended', ended_at = $1 WHERE id = $2", [now, g.id]);
		await recordHistory(t, { mailboxId: g.mailbox_id, helperId: g.helper_id, action: 'expired' }, now);
		await noticeOfAccess(t, g.id, 'ended', now);
	}
	return due.map((g) => ({ mailboxId: g.mailbox_id, helperId: g.helper_id }));
}
