// The owner's notice contact details as a read-and-write helper sees them (`/access/notices?mailbox=<id>`):
// the e-mail address and mobile number the owner's notices go to. Only the contact forms are offered; each
// action re-checks the right (notify/settings-page.ts `holderOf`) and notes the change in the owner's history.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../db/index';
import type { Queryable } from '../db/engine';
import { notifyActions, notifySettingsView } from '../notify/settings-page';
import { reachMailbox } from './mailbox';

async function ownerOf(q: Queryable, mailboxId: string): Promise<{ id: string; name: string }> {
	const owner = await q.one<{ id: string; name: string }>(
		'SELECT c.id, c.name FROM mailboxes m JOIN citizens c ON c.id = m.citizen_id WHERE m.id = $1',
		[mailboxId]
	);
	if (!owner) error(404, 'There is no such mailbox.');
	return owner;
}

export async function helperNoticePageData(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const db = await getDatabase();
	// A read helper gets 403 naming what is not allowed; a stranger 404; a former helper 403 access_ended.
	const reach = await reachMailbox(db, event, 'notify_contact');
	if (!reach.ok) error(reach.response.status, reach.message);
	const { right } = reach.reached;
	// The owner's own settings are on the settings page.
	if (right.role === 'owner') redirect(303, '/settings');
	const owner = await ownerOf(db, right.mailboxId);
	const view = await notifySettingsView(owner.id);
	return { mailboxId: right.mailboxId, ownerName: owner.name, email: view.email, sms: view.sms };
}

/** Only the contact detail forms: a helper changes where notices go, not whether or when. */
export const helperNoticeActions = {
	notifyEmail: notifyActions.notifyEmail,
	notifyEmailResend: notifyActions.notifyEmailResend,
	notifyEmailRemove: notifyActions.notifyEmailRemove,
	notifyPhoneCode: notifyActions.notifyPhoneCode,
	notifyPhone: notifyActions.notifyPhone,
	notifyPhoneResend: notifyActions.notifyPhoneResend,
	notifyPhoneRemove: notifyActions.notifyPhoneRemove
};
