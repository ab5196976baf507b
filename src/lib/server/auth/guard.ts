import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionCitizen } from './session';

/** The signed-in citizen, or a redirect to the sign-in page (keeping the locale prefix). */
export function requireCitizen(
	event: Pick<RequestEvent, 'locals'>,
	localize: (path: string) => string
): SessionCitizen {
	if (!event.locals.citizen) redirect(303, localize('/login'));
	return event.locals.citizen;
}
