import type { Handle, RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '../../paraglide/runtime';
import type { SessionCitizen } from './session';

/** Routes below this group need a signed-in citizen (src/routes/(account)/(signed-in)). */
const SIGNED_IN_GROUP = '/(account)/(signed-in)/';

/**
 * The one session guard for account pages: without a session, a page or form action of the signed-in group
 * sends the browser to sign in (keeping the locale). Runs after the session is read.
 */
export const signedInGuard: Handle = ({ event, resolve }) => {
	if (event.route.id?.startsWith(SIGNED_IN_GROUP) && !event.locals.citizen) {
		return new Response(null, { status: 303, headers: { location: localizeHref('/login') } });
	}
	return resolve(event);
};

/** The signed-in citizen of a page in the signed-in group (the guard has let only those through). */
export function signedInCitizen(event: Pick<RequestEvent, 'locals'>): SessionCitizen {
	if (!event.locals.citizen) throw new Error('signed-in page reached without a session');
	return event.locals.citizen;
}
