import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { textDirection } from '$lib/i18n/locales';
import { readSession } from '$lib/server/auth/session';

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', textDirection(locale))
		});
	});

const session: Handle = async ({ event, resolve }) => {
	event.locals.citizen = await readSession(event);
	return resolve(event);
};

export const handle = sequence(i18n, session);
