import type { Handle } from '@sveltejs/kit';

const defaults: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	// Letters' URLs (file ids, letter ids) never leave in a Referer header to other sites.
	'referrer-policy': 'same-origin',
	// The sign-in page cannot be framed by another site (clickjacking); our own pages may frame files.
	'x-frame-options': 'SAMEORIGIN'
};

/** Safe defaults on every answer the app renders; a route that sets its own keeps it. */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	try {
		for (const [name, value] of Object.entries(defaults)) {
			if (!response.headers.has(name)) response.headers.set(name, value);
		}
	} catch {
		// Responses with immutable headers (proxied fetches) are passed on as they are.
	}
	return response;
};
