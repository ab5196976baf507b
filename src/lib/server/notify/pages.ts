// The two pages e-mails link to, reached without signing in: the link's token is the authority.
// Both ask first and act on a button press (a form post), so a mail scanner that opens links acts on nothing.
import type { RequestEvent } from '@sveltejs/kit';
import { getDb, write } from '$lib/server/db/index';
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

export function loadConfirmEmail(event: RequestEvent): LinkPage {
	const token = tokenOf(event);
	const target = emailLinkTarget(getDb(), token, Date.now());
	return target ? { state: 'ask', address: maskEmail(target.address), token } : { state: 'bad' };
}

export async function confirmEmailAction(event: RequestEvent): Promise<LinkPage> {
	const db = getDb();
	const token = await postedToken(event);
	const confirmed = write(db, () => confirmEmailLink(db, token, Date.now()));
	if (!confirmed) return { state: 'bad' };
	// A confirmed address means e-mail notices are on (the citizen asked for them when adding it).
	write(db, () => setChannel(db, confirmed.citizenId, 'email', true, getLocale(), Date.now()));
	return { state: 'done', address: maskEmail(confirmed.address), token: '' };
}

export function loadUnsubscribe(event: RequestEvent): LinkPage {
	const token = tokenOf(event);
	const target = unsubscribeTarget(getDb(), token);
	return target ? { state: 'ask', address: maskEmail(target.address), token } : { state: 'bad' };
}

export async function unsubscribeAction(event: RequestEvent): Promise<LinkPage> {
	const db = getDb();
	const token = await postedToken(event);
	const target = unsubscribeTarget(db, token);
	if (!target) return { state: 'bad' };
	write(db, () => setChannel(db, target.citizenId, 'email', false, getLocale(), Date.now()));
	return { state: 'done', address: maskEmail(target.address), token: '' };
}
