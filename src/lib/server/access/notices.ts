// Notices about access changes, queued in the transaction of the change (the notice outbox sends them).
// The owner hears that someone asked; the helper hears that access started, changed, was refused or ended.
// Notices name no one: e-mails, SMS and push texts carry no personal data.
import type { Queryable, Tx } from '../db/engine';
import { queueAccessNotice, type AccessEvent } from '../notify/outbox';

/** Who a notice about this event goes to: a request to the owner, everything else to the helper. */
async function recipientOf(q: Queryable, grantId: string, event: AccessEvent): Promise<string> {
	const row = await q.one<{ helper_id: string; owner_id: string }>(
		`SELECT g.helper_id, m.citizen_id AS owner_id FROM access_grants g
		 JOIN mailboxes m ON m.id = g.mailbox_id WHERE g.id = $1`,
		[grantId]
	);
	if (!row) throw new Error(`no grant ${grantId}`);
	return event === 'requested' ? row.owner_id : row.helper_id;
}

/** Queues the notice for one access event (inside the write transaction of the change). */
export async function noticeOfAccess(t: Tx, grantId: string, event: AccessEvent, now: number): Promise<void> {
	await queueAccessNotice(t, await recipientOf(t, grantId, event), grantId, event, now);
}
