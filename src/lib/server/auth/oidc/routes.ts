import { redirect, type RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../../db/index';
import { SESSION_COOKIE, deleteSession, setSessionCookie } from '../session';
import { beginBrokerLogin, finishBrokerLogin, OIDC_LOGIN_MS, type BrokerRefusal } from './login';
import { oidcSettings } from './settings';

/** Binds a started broker sign-in to this browser until the callback. */
export const OIDC_COOKIE = 'postkasse_oidc';

const CALLBACK_PATH = '/login/oidc/callback';

function cookieOptions(url: URL) {
	// Lax: the callback is a top-level navigation from the broker's site, which sends Lax cookies.
	return { path: '/login/oidc', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:' };
}

/** GET /login/oidc[?shared=1]: off to the broker. A link, not a form: CSP form-action 'self' stays intact. */
export async function startBrokerLogin(
	event: RequestEvent,
	localize: (path: string, locale?: string) => string,
	locale: string
): Promise<never> {
	const settings = oidcSettings();
	if (!settings) redirect(303, localize('/login'));
	let started;
	try {
		started = await beginBrokerLogin(await getDatabase(), settings, {
			redirectUri: settings.redirectUri ?? `${event.url.origin}${CALLBACK_PATH}`,
			sharedComputer: event.url.searchParams.get('shared') === '1',
			locale,
			now: Date.now(),
			previousToken: event.cookies.get(OIDC_COOKIE)
		});
	} catch (err) {
		console.warn('broker unavailable:', (err as Error).name);
		redirect(303, `${localize('/login')}?oidc=unavailable`);
	}
	event.cookies.set(OIDC_COOKIE, started.token, {
		...cookieOptions(event.url),
		maxAge: OIDC_LOGIN_MS / 1000
	});
	event.setHeaders({ 'cache-control': 'no-store' });
	redirect(303, started.url.href);
}

/** GET /login/oidc/callback?code&state: back from the broker: a session, or the sign-in page saying why not. */
export async function brokerCallback(
	event: RequestEvent,
	localize: (path: string, locale?: string) => string
): Promise<never> {
	const settings = oidcSettings();
	if (!settings) redirect(303, localize('/login'));
	const { cookies, url } = event;
	const result = await finishBrokerLogin(await getDatabase(), settings, {
		token: cookies.get(OIDC_COOKIE),
		// The URL the broker was told to send the browser to, whatever proxy stands in front.
		callbackUrl: new URL(`${settings.redirectUri ?? `${url.origin}${CALLBACK_PATH}`}${url.search}`),
		now: Date.now()
	});
	cookies.delete(OIDC_COOKIE, cookieOptions(url));
	if (!result.ok) {
		const refusal: BrokerRefusal = result.reason;
		redirect(303, `${localize('/login', result.locale ?? undefined)}?oidc=${refusal}`);
	}
	// Rotate: whatever session this browser had before ends here.
	const previous = cookies.get(SESSION_COOKIE);
	if (previous) await deleteSession(await getDatabase(), previous);
	setSessionCookie(cookies, url, result.sessionToken, result.storage);
	redirect(303, localize(result.registered ? '/mail' : '/register', result.locale));
}
