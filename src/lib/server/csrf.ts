import { json, text, type Handle } from '@sveltejs/kit';

// SvelteKit's own check of cross-site form posts (the Origin header must be ours) with one exception:
// RFC 8058 one-click unsubscribe, which mail providers post from their own servers with no Origin header.
// SvelteKit's built-in check cannot make exceptions, so svelte.config.js turns it off and this hook, before any
// other that reads the request, does the same check for every other path.

/** Content types a cross-site HTML form can send (and SvelteKit's binary form data). */
const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
]);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Paths that take cross-site form posts on purpose. Each must need its own secret (here: the link's token). */
export const CROSS_SITE_FORM_PATHS: ReadonlySet<string> = new Set(['/api/v1/notify/unsubscribe']);

export function isForbiddenCrossSitePost(request: Request, url: URL): boolean {
	if (!UNSAFE_METHODS.has(request.method)) return false;
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.has(type)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return !(request.method === 'POST' && CROSS_SITE_FORM_PATHS.has(url.pathname));
}

export const csrfGuard: Handle = ({ event, resolve }) => {
	if (isForbiddenCrossSitePost(event.request, event.url)) {
		const message = `Cross-site ${event.request.method} form submissions are forbidden`;
		return event.request.headers.get('accept') === 'application/json'
			? json({ message }, { status: 403 })
			: text(message, { status: 403 });
	}
	return resolve(event);
};
