import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db/index';
import { endSession } from '$lib/server/auth/logout';
import type { RequestHandler } from './$types';

/**
 * POST /logout from script (the mail client's fetch): same as the page's form action, but answers a
 * plain 303 instead of SvelteKit's JSON action result. Browsers' form posts (Accept: text/html) go to
 * the page's action.
 */
export const POST: RequestHandler = async ({ cookies, url }) => {
	const brokerLogout = await endSession(getDb(), cookies, url);
	redirect(303, brokerLogout?.href ?? localizeHref('/login'));
};
