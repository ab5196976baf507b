// Notices about access changes, queued in the transaction of the change (the notice outbox sends them).
// The owner hears that someone asked; the helper hears that access started, changed, was refused or ended.
// Notices name no one: e-mails, SMS and push texts carry no personal data.
import type { Db } from '../db/connection';
import { queueAccessNotice, type AccessEvent } from '../notify/outbox';

/** Who a notice about this event goes to: a request to the owner, everything else to the helper. */
function recipientOf(db: Db, grantId: string, event: AccessEvent): string {
	const row = db
		.prepare(
			`SELECT g.helper_id, m.citizen_id AS owner_id FROM access_grants g
			 JOIN mailboxes m ON m.id = g.mailbox_id WHERE g.id = ?`
		)
		.get(grantId) as { helper_id: string; owner_id: string } | undefined;
	if (!row) throw new Error(`no grant ${grantId}`);
	return event === 'requested' ? row.owner_id : row.helper_id;
}

/** Queues the notice for one access event (call inside the write transaction of the change). */
export function noticeOfAccess(db: Db, grantId: string, event: AccessEvent, now: number): void {
	queueAccessNotice(db, recipientOf(db, grantId, event), grantId, event, now);
}
