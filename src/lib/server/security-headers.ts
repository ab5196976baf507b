import type { Handle } from '@sveltejs/kit';
import { baseHeaders, resourceCsp } from '../security/headers.js';

/**
 * The security headers on every answer the app renders (pages get their Content-Security-Policy from kit.csp;
 * other answers a strict one). A route that sets one of these itself keeps its own. Static and prerendered
 * files get the same from the production entry, server/index.js.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	try {
		for (const [name, value] of Object.entries(baseHeaders)) {
			if (!response.headers.has(name)) response.headers.set(name, value);
		}
		if (!response.headers.has('content-security-policy')) {
			response.headers.set('content-security-policy', resourceCsp);
		}
	} catch {
		// Responses with immutable headers (proxied fetches) are passed on as they are.
	}
	return response;
};
