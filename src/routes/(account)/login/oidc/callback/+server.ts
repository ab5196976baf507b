import { isLocale, localizeHref } from '$lib/paraglide/runtime';
import { brokerCallback } from '$lib/server/auth/oidc/routes';
import type { RequestHandler } from './$types';

export const prerender = false;

const localize = (path: string, locale?: string) =>
	localizeHref(path, isLocale(locale) ? { locale } : undefined);

/** GET /login/oidc/callback: the identity broker sends the browser back here (OIDC_REDIRECT_URI). */
export const GET: RequestHandler = (event) => brokerCallback(event, localize);
