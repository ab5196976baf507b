import type { RequestEvent } from '@sveltejs/kit';
import { uuid } from '../../schemas/common';
import type { SessionCitizen } from '../auth/session';
import type { Database, Queryable } from '../db/engine';
import { apiError } from '../http';
import { rightTo, type MailboxRight } from './grants';
import { recordOpened } from './history';
import { allows, refusal, type Act } from './rules';

export interface Reached {
	citizen: SessionCitizen;
	right: MailboxRight;
}

/** A refusal as an API answer, with its message for pages that answer with an error page instead. */
function refused(status: number, error: string, message: string, field?: string) {
	return { ok: false as const, response: apiError(status, error, message, field), message };
}

/**
 * THE check every mailbox endpoint runs on every request: the signed-in caller (401), the target mailbox
 * (`?mailbox=<id>`, default the caller's own; 400 when malformed), the caller's right to it now (404 for a
 * stranger, so a mailbox's existence stays hidden; 403 `access_ended` for a former helper, so the device
 * drops its copy) and to this act (403 `not_allowed`, naming what is not allowed).
 */
export async function reachMailbox(
	q: Queryable,
	event: Pick<RequestEvent, 'locals' | 'url'>,
	act: Act,
	now = Date.now()
): Promise<{ ok: true; reached: Reached } | { ok: false; response: Response; message: string }> {
	const citizen = event.locals.citizen;
	if (!citizen) return refused(401, 'unauthorized', 'Sign in to open a mailbox.');
	const asked = event.url.searchParams.get('mailbox');
	let mailboxId = citizen.mailboxId;
	if (asked !== null && asked !== citizen.mailboxId) {
		const parsed = uuid.safeParse(asked);
		if (!parsed.success) return refused(400, 'invalid_query', 'mailbox: not a mailbox id.', 'mailbox');
		mailboxId = parsed.data;
	}
	const right = await rightTo(q, citizen.citizenId, mailboxId, now);
	if (!('role' in right)) {
		return right.ended
			? refused(403, 'access_ended', 'Your access to this mailbox has ended.', 'mailbox')
			: refused(404, 'not_found', 'There is no such mailbox.', 'mailbox');
	}
	if (!allows(right.role, act)) return refused(403, 'not_allowed', refusal(act), 'mailbox');
	return { ok: true, reached: { citizen, right } };
}

/** Notes in the owner's history that a helper opened the mailbox (at most once per half hour). */
export async function noteOpened(db: Database, right: MailboxRight, now = Date.now()): Promise<void> {
	const grant = right.grant;
	if (grant) await db.tx((t) => recordOpened(t, right.mailboxId, grant.helperId, now));
}
