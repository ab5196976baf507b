import { endSessionUrl } from './broker';
import { oidcSettings } from './settings';

/**
 * Single logout: the broker's end_session URL for a session it started, sending the browser back to our
 * /logout page afterwards. Null without a broker, or when the broker offers no logout or cannot be reached
 * (our own session has ended either way).
 */
export async function brokerLogoutUrl(idToken: string, origin: string): Promise<URL | null> {
	const settings = oidcSettings();
	if (!settings) return null;
	try {
		return await endSessionUrl(settings, idToken, settings.postLogoutRedirectUri ?? `${origin}/logout`);
	} catch {
		return null;
	}
}
