import { createPrivateKey, webcrypto } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcSettings } from './settings';

/**
 * The conversation with the broker, through openid-client: discovery from the issuer (cached; retried after a
 * failure), the authorization URL, the code exchange with PKCE, state and nonce checks, and single logout.
 */

let discovered: { key: string; config: Promise<client.Configuration> } | undefined;

/** Plain http is allowed only for a broker on this machine (tests, local development). */
function isLoopback(url: URL): boolean {
	return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

async function signingKey(pem: string, kid?: string): Promise<client.PrivateKey> {
	const key = createPrivateKey(pem);
	const der = key.export({ format: 'der', type: 'pkcs8' });
	const type = key.asymmetricKeyType;
	const curve = key.asymmetricKeyDetails?.namedCurve;
	const algorithm =
		type === 'rsa'
			? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
			: type === 'ec' && curve === 'prime256v1'
				? { name: 'ECDSA', namedCurve: 'P-256' }
				: null;
	if (!algorithm)
		throw new Error('OIDC_PRIVATE_KEY_FILE must hold an RSA or EC P-256 private key (PKCS#8 PEM)');
	const cryptoKey = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
	return { key: cryptoKey as client.CryptoKey, kid };
}

async function discover(settings: OidcSettings): Promise<client.Configuration> {
	const auth = settings.privateKey
		? client.PrivateKeyJwt(await signingKey(settings.privateKey.pem, settings.privateKey.kid))
		: client.ClientSecretPost(settings.clientSecret);
	return client.discovery(
		settings.issuer,
		settings.clientId,
		settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
		auth,
		isLoopback(settings.issuer) ? { execute: [client.allowInsecureRequests] } : undefined
	);
}

export function brokerConfiguration(settings: OidcSettings): Promise<client.Configuration> {
	const key = `${settings.issuer.href} ${settings.clientId}`;
	if (discovered?.key !== key) {
		const config = discover(settings);
		discovered = { key, config };
		// A broker that was down must be asked again next time.
		config.catch(() => {
			if (discovered?.config === config) discovered = undefined;
		});
	}
	return discovered.config;
}

export interface AuthorizationRequest {
	url: URL;
	state: string;
	nonce: string;
	codeVerifier: string;
}

export async function authorizationRequest(
	settings: OidcSettings,
	redirectUri: string,
	locale: string
): Promise<AuthorizationRequest> {
	const config = await brokerConfiguration(settings);
	const state = client.randomState();
	const nonce = client.randomNonce();
	const codeVerifier = client.randomPKCECodeVerifier();
	const parameters: Record<string, string> = {
		redirect_uri: redirectUri,
		scope: settings.scope,
		state,
		nonce,
		code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256',
		ui_locales: locale
	};
	if (settings.acrValues) parameters.acr_values = settings.acrValues;
	return { url: client.buildAuthorizationUrl(config, parameters), state, nonce, codeVerifier };
}

export interface BrokerIdentity {
	claims: Record<string, unknown>;
	idToken: string;
}

/**
 * Exchanges the code in the callback URL. openid-client checks state, PKCE, the ID token's signature, issuer,
 * audience, expiry and nonce; any failure throws. Claims missing from the ID token are read from userinfo.
 */
export async function exchangeCode(
	settings: OidcSettings,
	callbackUrl: URL,
	checks: { state: string; nonce: string; codeVerifier: string },
	needClaim: string
): Promise<BrokerIdentity> {
	const config = await brokerConfiguration(settings);
	const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
		pkceCodeVerifier: checks.codeVerifier,
		expectedState: checks.state,
		expectedNonce: checks.nonce,
		idTokenExpected: true
	});
	const idClaims = tokens.claims();
	if (!idClaims || !tokens.id_token) throw new Error('the broker sent no ID token');
	let claims: Record<string, unknown> = { ...idClaims };
	if (claims[needClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
		const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
		claims = { ...userinfo, ...claims };
	}
	return { claims, idToken: tokens.id_token };
}

/** The broker's logout URL for a session it started, or null when it has no end_session_endpoint. */
export async function endSessionUrl(
	settings: OidcSettings,
	idToken: string,
	postLogoutRedirectUri: string
): Promise<URL | null> {
	const config = await brokerConfiguration(settings);
	if (!config.serverMetadata().end_session_endpoint) return null;
	return client.buildEndSessionUrl(config, {
		id_token_hint: idToken,
		post_logout_redirect_uri: postLogoutRedirectUri
	});
}
