// What a web-push message carries: the notice already written in the citizen's language by the server.
// The payload is encrypted for the subscription's keys and signed with our VAPID key, so only our server
// can send one; the service worker still checks its shape and accepts only a path on our own site.

export interface PushNotice {
	v: 1;
	locale: string;
	title: string;
	body: string;
	/** Where a click goes: a path on this site, e.g. "/ar/mail". */
	url: string;
}

const MAX_TITLE = 200;
const MAX_BODY = 1000;

function text(value: unknown, max: number): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/** The notice in a push message, or null when the payload is not one (then a generic text is shown). */
export function readPushNotice(value: unknown, locales: readonly string[]): PushNotice | null {
	if (!value || typeof value !== 'object') return null;
	const v = value as Record<string, unknown>;
	if (v.v !== 1 || typeof v.locale !== 'string' || !locales.includes(v.locale)) return null;
	if (!text(v.title, MAX_TITLE) || !text(v.body, MAX_BODY)) return null;
	if (typeof v.url !== 'string' || !/^\/(?!\/)[\w\-/]*$/.test(v.url)) return null;
	return { v: 1, locale: v.locale, title: v.title, body: v.body, url: v.url };
}
