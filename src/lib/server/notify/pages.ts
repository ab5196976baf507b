// The two pages e-mails link to, reached without signing in: the link's token is the authority.
// Both ask first and act on a button press (a form post), so a mail scanner that opens links acts on nothing.
import type { RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db/index';
import { getLocale } from '$lib/paraglide/runtime';
import { maskEmail } from '$lib/notify/contacts';
import { confirmEmailLink, emailLinkTarget, unsubscribeTarget } from './contacts';
import { setChannel } from './settings';

export type LinkPage = { state: 'ask' | 'done'; address: string; token: string } | { state: 'bad' };

// These pages live in src/routes/(account), whose layout marks every answer private and never cached.

function tokenOf(event: Pick<RequestEvent, 'url'>): string {
	return event.url.searchParams.get('t') ?? '';
}

async function postedToken(event: RequestEvent): Promise<string> {
	const value = (await event.request.formData()).get('t');
	return typeof value === 'string' ? value : '';
}

export async function loadConfirmEmail(event: RequestEvent): Promise<LinkPage> {
	const token = tokenOf(event);
	const target = await emailLinkTarget(await getDatabase(), token, Date.now());
	return target ? { state: 'ask', address: maskEmail(target.address), token } : { state: 'bad' };
}

export async function confirmEmailAction(event: RequestEvent): Promise<LinkPage> {
	const db = await getDatabase();
	const token = await postedToken(event);
	const locale = getLocale();
	const confirmed = await db.tx(async (t) => {
		const found = await confirmEmailLink(t, token, Date.now());
		// A confirmed address means e-mail notices are on (the citizen asked for them when adding it).
		if (found) await setChannel(t, found.citizenId, 'email', true, locale, Date.now());
		return found;
	});
	if (!confirmed) return { state: 'bad' };
	return { state: 'done', address: maskEmail(confirmed.address), token: '' };
}

export async function loadUnsubscribe(event: RequestEvent): Promise<LinkPage> {
	const token = tokenOf(event);
	const target = await unsubscribeTarget(await getDatabase(), token);
	return target ? { state: 'ask', address: maskEmail(target.address), token } : { state: 'bad' };
}

export async function unsubscribeAction(event: RequestEvent): Promise<LinkPage> {
	const db = await getDatabase();
	const token = await postedToken(event);
	const target = await unsubscribeTarget(db, token);
	if (!target) return { state: 'bad' };
	const locale = getLocale();
	await db.tx((t) => setChannel(t, target.citizenId, 'email', false, locale, Date.now()));
	return { state: 'done', address: maskEmail(target.address), token: '' };
}
