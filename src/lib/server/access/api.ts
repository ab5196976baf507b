import { json, type RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../db/index';
import { apiError } from '../http';
import { grantsOfMailbox, helpedMailboxes } from './grants';

/**
 * GET /api/v1/access: the mailboxes the signed-in citizen may open as a helper now (whose post, which level,
 * until when) — the mail client's switch reads it, and drops the copies of mailboxes no longer listed — and
 * who asks for access to the citizen's own mailbox (shown when the owner opens it).
 */
export async function handleHelpedMailboxes(event: RequestEvent): Promise<Response> {
	const citizen = event.locals.citizen;
	if (!citizen) return apiError(401, 'unauthorized', 'Not signed in.');
	const db = await getDatabase();
	const requests = (await grantsOfMailbox(db, citizen.mailboxId))
		.filter((g) => g.status === 'requested')
		.map((g) => ({ grantId: g.id, helperName: g.helperName, level: g.level }));
	return json(
		{ mailboxes: await helpedMailboxes(db, citizen.citizenId, Date.now()), requests },
		{ headers: { 'cache-control': 'private, no-store' } }
	);
}
