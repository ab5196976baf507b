import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { textDirection } from '$lib/i18n/locales';
import { readSession } from '$lib/server/auth/session';
import { startServer } from '$lib/server/startup';
import { requestBodyLimit } from '$lib/server/body-limit';
import { securityHeaders } from '$lib/server/security-headers';

export const init: ServerInit = async () => {
	// Prerendering at build time must not create or seed a database.
	if (!building) await startServer();
};

const i18n: Handle = ({ event, resolve }) => {
	// The API has no language: its requests go to the endpoints untouched. (Kept out here rather than with
	// paraglide's routeStrategies, which would put URLPattern matching into every page's JavaScript.)
	const path = event.url.pathname;
	if (path === '/api' || path.startsWith('/api/')) return resolve(event);
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

export const handle = sequence(securityHeaders, requestBodyLimit, i18n, session);
