// Starting notices with the server, and the confirmation messages the settings page sends at once
// (they are answers to the citizen's own request, so they do not wait in the outbox).
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/engine';
import type { Locale } from '../../paraglide/runtime.js';
import type { DanishMobile } from '../../notify/contacts';
import { appOrigin, mailFrom, workerEnabled } from './config';
import { vapidKeys } from './keys';
import { describeChannels, notifyChannels } from './channels/index';
import { codeSms, confirmationEmail } from './render';
import { NoticeWorker } from './worker';
import type { SendResult } from './channels/types';

let worker: NoticeWorker | undefined;

/** Makes the VAPID keys on first start, says where notices go, and starts this process's worker. */
export async function startNotifications(db: Database): Promise<void> {
	await vapidKeys(db);
	const channels = await notifyChannels(db);
	const sending = workerEnabled() ? '' : ' NOTIFY_WORKER=0: this process only queues them.';
	console.log(`Notices: ${describeChannels()}.${sending}`);
	if (workerEnabled() && !worker) {
		worker = new NoticeWorker(db, channels);
		worker.start();
	}
}

export async function stopNotifications(): Promise<void> {
	await worker?.stop();
	worker = undefined;
}

function localePrefix(locale: Locale): string {
	return locale === 'da' ? '' : `/${locale}`;
}

export async function sendConfirmationEmail(
	q: Queryable,
	to: string,
	token: string,
	locale: Locale
): Promise<SendResult> {
	const origin = appOrigin();
	const link = `${origin}${localePrefix(locale)}/notify/confirm-email?t=${encodeURIComponent(token)}`;
	return (await notifyChannels(q)).email.send({
		to,
		from: mailFrom(),
		...confirmationEmail(locale, link),
		messageId: `<confirm-${randomUUID()}@${new URL(origin).hostname}>`,
		headers: { 'Auto-Submitted': 'auto-generated' },
		purpose: 'confirmation link'
	});
}

export async function sendConfirmationCode(
	q: Queryable,
	to: DanishMobile,
	code: string,
	locale: Locale
): Promise<SendResult> {
	return (await notifyChannels(q)).sms.send({
		to,
		text: codeSms(locale, code),
		reference: `confirm-${randomUUID()}`,
		purpose: 'confirmation code'
	});
}
