import type { Handle, RequestEvent } from '@sveltejs/kit';
import { bodyLimitFor } from './body-limit';
import { BodyTooLargeError, apiError, isApiPath, readBytesLimited } from './http';
import { CROSS_SITE_FORM_PATHS } from './csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
/** The sender API authenticates with bearer keys, never cookies: other systems call it from anywhere. */
const SENDER_API = /^\/api\/v1\/(messages|replies)(\/|$)/;

function refuse(event: RequestEvent, status: number, error: string, message: string): Response {
	return isApiPath(event.url.pathname)
		? apiError(status, error, message)
		: new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Changes that ride on the session cookie come only from our own pages. SvelteKit checks the origin of form
 * posts; this checks every other write too (a POST /logout without a body is a "simple" request any
 * same-site page could send). Callers without Origin and Sec-Fetch-Site (not a browser) are not a CSRF risk.
 */
export const sameOriginWrites: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	if (SAFE_METHODS.has(request.method) || SENDER_API.test(url.pathname)) return resolve(event);
	// One-click unsubscribe (RFC 8058) is posted by mail providers and webmail from anywhere; its link's token
	// is the secret that guards it (./csrf.ts).
	if (request.method === 'POST' && CROSS_SITE_FORM_PATHS.has(url.pathname)) return resolve(event);
	const origin = request.headers.get('origin');
	const site = request.headers.get('sec-fetch-site');
	const foreign =
		origin !== null ? origin !== url.origin : site !== null && !['same-origin', 'none'].includes(site);
	if (foreign) return refuse(event, 403, 'forbidden', 'Cross-site requests may not change anything here.');
	return resolve(event);
};

/**
 * Whether SvelteKit may hand this request to a page's form action: an enhanced form, a browser's form post
 * (it accepts HTML), or a POST with a body to a path that has no endpoint. A POST without a body (a
 * script signing out) passes on to the endpoint untouched.
 */
function isFormAction(request: Request): boolean {
	if (request.method !== 'POST') return false;
	if (request.headers.get('x-sveltekit-action') === 'true') return true;
	return /\btext\/html\b/i.test(request.headers.get('accept') ?? '') || request.headers.has('content-type');
}

/**
 * A form post to a page is read and checked here, before its action runs: a body that is not a form, a
 * truncated multipart body or one over the limit answers 400 or 413 (the actions' own `formData()` would
 * throw, which SvelteKit answers with 500). The action then reads the same bytes again.
 */
export const formBodies: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (isApiPath(url.pathname) || request.method !== 'POST') return resolve(event);
	// `?/default` names the reserved default action, which SvelteKit refuses with an exception (a 500),
	// whatever the body.
	if (url.searchParams.has('/default')) {
		return refuse(
			event,
			400,
			'invalid_action',
			'There is no action named "default"; post to the page itself.'
		);
	}
	if (!isFormAction(request)) return resolve(event);
	const type = request.headers.get('content-type') ?? '';
	if (!FORM_TYPE.test(type)) {
		return refuse(
			event,
			400,
			'invalid_body',
			'Send the form as application/x-www-form-urlencoded or multipart/form-data.'
		);
	}
	let bytes: Buffer;
	try {
		bytes = await readBytesLimited(request, bodyLimitFor(url.pathname));
	} catch (err) {
		if (err instanceof BodyTooLargeError) {
			return refuse(event, 413, 'too_large', `The form may be at most ${err.limit} bytes.`);
		}
		return refuse(event, 400, 'invalid_body', 'The form could not be read.');
	}
	try {
		await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
	} catch {
		return refuse(event, 400, 'invalid_body', 'The form could not be read (a broken or cut-off body).');
	}
	event.request = new Request(request.url, {
		method: request.method,
		headers: request.headers,
		body: new Uint8Array(bytes)
	});
	return resolve(event);
};
