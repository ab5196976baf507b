import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building, dev } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { textDirection } from '$lib/i18n/locales';
import { readSession } from '$lib/server/auth/session';
import { signedInGuard } from '$lib/server/auth/guard';
import { startServer } from '$lib/server/startup';
import { requestBodyLimit } from '$lib/server/body-limit';
import { securityHeaders } from '$lib/server/security-headers';
import { csrfGuard } from '$lib/server/csrf';
import { formBodies, sameOriginWrites } from '$lib/server/request-guards';
import { isApiPath } from '$lib/server/http';

export const init: ServerInit = async () => {
	// Prerendering at build time must not create or seed a database.
	if (!building) await startServer({ signals: !dev });
};

const i18n: Handle = ({ event, resolve }) => {
	// The API and the SF1601 service have no language: their requests go to the endpoints untouched. (Kept out
	// here rather than with paraglide's routeStrategies, which would put URLPattern matching into every page's
	// JavaScript.)
	if (isApiPath(event.url.pathname)) return resolve(event);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', textDirection(locale))
		});
	});
};

const session: Handle = async ({ event, resolve }) => {
	event.locals.citizen = building ? null : await readSession(event);
	return resolve(event);
};

export const handle = sequence(
	securityHeaders,
	csrfGuard,
	requestBodyLimit,
	sameOriginWrites,
	formBodies,
	i18n,
	session,
	signedInGuard
);
