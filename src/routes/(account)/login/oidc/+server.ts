import { getLocale, isLocale, localizeHref } from '$lib/paraglide/runtime';
import { startBrokerLogin } from '$lib/server/auth/oidc/routes';
import type { RequestHandler } from './$types';

export const prerender = false;

const localize = (path: string, locale?: string) =>
	localizeHref(path, isLocale(locale) ? { locale } : undefined);

/** GET /login/oidc: start a sign-in at the identity broker (MitID). */
export const GET: RequestHandler = (event) => startBrokerLogin(event, localize, getLocale());
