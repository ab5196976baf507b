// The pages' side of the offline packs (see offline-packs.ts): ask the service worker to keep something
// on the device. Small on purpose: the language picker on every page uses it.
import { getLocale } from '$lib/paraglide/runtime';
import type { KeepOfflineRequest, OfflineReply, OfflineStatusRequest } from './offline-packs';

/**
 * Sends a request to the active worker and waits for its answer. Resolves to null where there is no worker
 * (not supported, blocked); waits while the first one installs.
 */
async function ask(message: KeepOfflineRequest | OfflineStatusRequest): Promise<OfflineReply | null> {
	if (!('serviceWorker' in navigator)) return null;
	const worker = (await navigator.serviceWorker.ready).active;
	if (!worker) return null;
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = (event: MessageEvent<OfflineReply>) => resolve(event.data);
		worker.postMessage(message, [channel.port2]);
	});
}

let pageLanguage: Promise<boolean> | undefined;

/**
 * Keeps the pages of this page's language offline, asking once per page (the language picker announces the
 * answer; on public pages the islands entry asks before the picker is live). True when they were fetched
 * just now, false when they were there already (or came with the first install, which the update prompt
 * announces) or there is no worker.
 */
export function keepPageLanguageOffline(): Promise<boolean> {
	pageLanguage ??= ask({ type: 'KEEP_OFFLINE', locale: getLocale() }).then(
		(reply) => !!reply?.ok && reply.fetched > 0
	);
	return pageLanguage;
}

/** Fired on `window` when the worker has answered a request to keep the mailbox offline. */
export const MAIL_PACK_ANSWERED = 'postkasse:mail-pack-answered';

/** After sign-in: keeps the mailbox's code (and its texts in this language) offline. */
export async function keepMailboxOffline(): Promise<OfflineReply | null> {
	const answer = await ask({ type: 'KEEP_OFFLINE', locale: getLocale(), mail: true });
	// The sync bar's readiness waits for this rather than asking the worker over and over.
	window.dispatchEvent(new Event(MAIL_PACK_ANSWERED));
	return answer;
}

/** Which packs are complete on this device now (asks nothing to be downloaded). */
export function offlineStatus(): Promise<OfflineReply | null> {
	return ask({ type: 'OFFLINE_STATUS' });
}
