import type { Cookies } from '@sveltejs/kit';
import type { Queryable } from '../db/engine';
import { SESSION_COOKIE, brokerIdTokenOf, clearSessionCookie, deleteSession } from './session';
import { brokerLogoutUrl } from './oidc/logout';

/**
 * Ends this browser's server session (if any) and clears its cookie. Returns the identity broker's logout URL
 * when the session came from the broker, so the browser can end that session too; otherwise null.
 */
export async function endSession(db: Queryable, cookies: Cookies, url: URL): Promise<URL | null> {
	const token = cookies.get(SESSION_COOKIE);
	let brokerLogout: URL | null = null;
	if (token) {
		const idToken = await brokerIdTokenOf(db, token);
		await deleteSession(db, token);
		if (idToken) brokerLogout = await brokerLogoutUrl(idToken, url.origin);
	}
	clearSessionCookie(cookies, url);
	return brokerLogout;
}
