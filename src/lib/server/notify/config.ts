// Notice settings from the environment, read lazily (tests and fixtures set process.env first).
// Every service is optional: without SMTP_URL or SMS_GATEWAY_URL the notices go to the log instead.
import { intFromEnv, DAY, MINUTE } from '../config';

function optional(name: string): string | undefined {
	const value = process.env[name]?.trim();
	return value ? value : undefined;
}

/** The app's public URL, for links in notices (as adapter-node's ORIGIN). */
export function appOrigin(): string {
	return (optional('ORIGIN') ?? `http://localhost:${process.env.PORT ?? '3000'}`).replace(/\/+$/, '');
}

export function smtpUrl(): string | undefined {
	return optional('SMTP_URL');
}

/** The From of notice e-mails; by default no-reply at the app's host name. */
export function mailFrom(): string {
	return optional('MAIL_FROM') ?? `Postkasse <no-reply@${new URL(appOrigin()).hostname}>`;
}

export interface SmsGatewayConfig {
	url: string;
	token: string;
	sender: string;
}

/** GatewayAPI-style gateway: base URL (POST <url>/rest/mtsms), API token, sender name (≤ 11 characters). */
export function smsGateway(): SmsGatewayConfig | undefined {
	const url = optional('SMS_GATEWAY_URL');
	if (!url) return undefined;
	const token = optional('SMS_GATEWAY_TOKEN');
	if (!token) throw new Error('SMS_GATEWAY_TOKEN must be set when SMS_GATEWAY_URL is');
	const sender = optional('SMS_SENDER') ?? 'Postkasse';
	// An alphanumeric SMS sender is at most 11 characters; a number at most 15 digits.
	if (!/^(?:[A-Za-z0-9 ]{1,11}|\+?\d{1,15})$/.test(sender)) {
		throw new Error(`SMS_SENDER must be up to 11 letters or digits, or a phone number, got "${sender}"`);
	}
	return { url: url.replace(/\/+$/, ''), token, sender };
}

/** Letters within this long after a notice are gathered into one follow-up notice (0 = no batching). */
export function batchWindowMs(): number {
	return intFromEnv('NOTIFY_BATCH_SECONDS', 300, 0) * 1000;
}

/** How long before a deadline an unread letter gets a reminder. */
export function reminderLeadMs(): number {
	return intFromEnv('NOTIFY_REMINDER_DAYS', 3) * DAY;
}

/** How often the worker looks for due notices (it is also woken at once when one is queued). */
export function pollMs(): number {
	return intFromEnv('NOTIFY_POLL_MS', 1000, 50);
}

/** The first retry waits about this long; each next one twice as long, at most an hour apart. */
export function retryFirstMs(): number {
	return intFromEnv('NOTIFY_RETRY_FIRST_MS', 30_000, 10);
}

/** After failing for this long a notice is marked failed and shown in settings. */
export function giveUpMs(): number {
	return intFromEnv('NOTIFY_GIVE_UP_HOURS', 24) * 60 * MINUTE;
}

/** How long a claimed notice stays with its worker; after that (a crash) another may take it. */
export function leaseMs(): number {
	return intFromEnv('NOTIFY_LEASE_SECONDS', 120) * 1000;
}

/** Notices sent at the same time by one worker. */
export function concurrency(): number {
	return intFromEnv('NOTIFY_CONCURRENCY', 16);
}

/** NOTIFY_WORKER=0 runs a server that queues notices but leaves sending to another process. */
export function workerEnabled(): boolean {
	return !['0', 'false', 'no'].includes((process.env.NOTIFY_WORKER ?? '').toLowerCase());
}

/** VAPID "subject": how a push service can reach us; a mailto: or https: URL. */
export function vapidSubject(): string {
	const configured = optional('VAPID_SUBJECT');
	if (configured) return configured;
	const origin = appOrigin();
	if (origin.startsWith('https://')) return origin;
	const address = /<([^>]+)>/.exec(mailFrom())?.[1] ?? mailFrom();
	return `mailto:${address}`;
}

/** The browsers' push services: the server posts only to these, never to any URL a client names. */
const PUSH_SERVICE_HOSTS = new Set([
	'fcm.googleapis.com',
	'android.googleapis.com',
	'updates.push.services.mozilla.com',
	'web.push.apple.com'
]);
const PUSH_SERVICE_SUFFIXES = ['.notify.windows.com', '.push.apple.com', '.push.services.mozilla.com'];

/** Whether a subscription's endpoint is a push service we post to (PUSH_ENDPOINT_HOSTS adds hosts, e.g. a test's). */
export function pushEndpointAllowed(endpoint: string): boolean {
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return false;
	}
	const extra = (optional('PUSH_ENDPOINT_HOSTS') ?? '')
		.split(',')
		.map((h) => h.trim())
		.filter(Boolean);
	if (extra.includes(url.host) || extra.includes(url.hostname)) return true;
	if (url.protocol !== 'https:') return false;
	return PUSH_SERVICE_HOSTS.has(url.hostname) || PUSH_SERVICE_SUFFIXES.some((s) => url.hostname.endsWith(s));
}
