import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/connection';
import { SESSION_COOKIE, clearSessionCookie, deleteSession } from './session';

/** Ends this browser's server session (if any) and clears its cookie. */
export function endSession(db: Db, cookies: Cookies, url: URL): void {
	const token = cookies.get(SESSION_COOKIE);
	if (token) deleteSession(db, token);
	clearSessionCookie(cookies, url);
}
