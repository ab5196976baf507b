import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDatabase } from '$lib/server/db/index';
import { endSession } from '$lib/server/auth/logout';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: !!locals.citizen });

export const actions: Actions = {
	/**
	 * A plain form post (no JS needed): ends the server session, clears the cookie, back to sign-in. After a
	 * broker sign-in the page instead sends the browser on to the broker's logout (single logout); that is a
	 * navigation of its own, since a form post may only be redirected to our own origin (CSP form-action).
	 */
	default: async ({ cookies, url }) => {
		const brokerLogout = await endSession(await getDatabase(), cookies, url);
		if (brokerLogout) return { brokerLogout: brokerLogout.href };
		redirect(303, localizeHref('/login'));
	}
};
