import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db/index';
import { endSession } from '$lib/server/auth/logout';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: !!locals.citizen });

export const actions: Actions = {
	/** A plain form post (no JS needed): ends the server session, clears the cookie, back to sign-in. */
	default: ({ cookies, url }) => {
		endSession(getDb(), cookies, url);
		redirect(303, localizeHref('/login'));
	}
};
