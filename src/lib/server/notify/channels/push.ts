// Web push: web-push encrypts the payload for the subscription (aes128gcm) and signs a VAPID JWT; we post
// the request it builds to the subscription's push service. 404/410 means the subscription is gone.
import webpush from 'web-push';
import { errorText, SEND_TIMEOUT_MS, type SendResult } from './types';
import type { VapidKeys } from '../keys';

export interface PushTarget {
	endpoint: string;
	p256dh: string;
	auth: string;
}

export interface PushSender {
	send(target: PushTarget, payload: string, topic: string): Promise<SendResult>;
}

/** Push services keep an undelivered message this long (the device may be off). */
const TTL_SECONDS = 24 * 60 * 60;

export function webPushSender(vapid: VapidKeys, subject: string): PushSender {
	return {
		async send(target, payload, topic) {
			let details: ReturnType<typeof webpush.generateRequestDetails>;
			try {
				details = webpush.generateRequestDetails(
					{ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
					payload,
					{
						vapidDetails: { subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
						TTL: TTL_SECONDS,
						// A repeat with the same topic replaces an undelivered one at the push service.
						topic,
						urgency: 'normal'
					}
				);
			} catch (error) {
				// Keys the browser gave us that cannot be used: the subscription is of no use.
				return { ok: false, error: errorText(error), retry: false, gone: true };
			}
			const headers = new Headers(details.headers as Record<string, string>);
			headers.delete('content-length');
			let res: Response;
			try {
				res = await fetch(details.endpoint, {
					method: details.method,
					headers,
					body: details.body ? new Uint8Array(details.body) : null,
					signal: AbortSignal.timeout(SEND_TIMEOUT_MS)
				});
			} catch (error) {
				return { ok: false, error: errorText(error), retry: true };
			}
			await res.body?.cancel();
			if (res.ok) return { ok: true };
			const error = `push service answered ${res.status}`;
			if (res.status === 404 || res.status === 410) return { ok: false, error, retry: false, gone: true };
			return { ok: false, error, retry: res.status >= 500 || res.status === 429 };
		}
	};
}
