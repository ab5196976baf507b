import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

// /en/help and /help are the same route; the locale is read from the URL.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
