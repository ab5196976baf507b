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

export const init: ServerInit = async () => {
	// Prerendering at build time must not create or seed a database.
	if (!building) await startServer({ signals: !dev });
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', textDirection(locale))
		});
	});

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
