// The owner's notice contact details as a read-and-write helper sees them (`/access/notices?mailbox=<id>`):
// the e-mail address and mobile number the owner's notices go to. Only the contact forms are offered; each
// action re-checks the right (notify/settings-page.ts `holderOf`) and notes the change in the owner's history.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { getDb, type Db } from '../db/index';
import { notifyActions, notifySettingsView } from '../notify/settings-page';
import { reachMailbox } from './mailbox';

function ownerOf(db: Db, mailboxId: string): { id: string; name: string } {
	return db
		.prepare('SELECT c.id, c.name FROM mailboxes m JOIN citizens c ON c.id = m.citizen_id WHERE m.id = ?')
		.get(mailboxId) as { id: string; name: string };
}

export function helperNoticePageData(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const db = getDb();
	// A read helper gets 403 naming what is not allowed; a stranger 404; a former helper 403 access_ended.
	const reach = reachMailbox(db, event, 'notify_contact');
	if (!reach.ok) error(reach.response.status, reach.message);
	const { right } = reach.reached;
	// The owner's own settings are on the settings page.
	if (right.role === 'owner') redirect(303, '/settings');
	const owner = ownerOf(db, right.mailboxId);
	const view = notifySettingsView(owner.id);
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
