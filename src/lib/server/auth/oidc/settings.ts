import { readFileSync } from 'node:fs';
import { loaLevel, type Loa } from './loa';

/**
 * OpenID Connect sign-in through an identity broker (MitID via NemLog-in), configured from the environment.
 * Without OIDC_ISSUER and OIDC_CLIENT_ID there is no broker: the sign-in page offers the code card only.
 */
export interface OidcSettings {
	issuer: URL;
	clientId: string;
	/** client_secret_post with this secret … */
	clientSecret?: string;
	/** … or private_key_jwt with this PKCS#8 PEM key (RSA → RS256, EC P-256 → ES256). */
	privateKey?: { pem: string; kid?: string };
	/** Where the broker sends the browser back; default `<origin>/login/oidc/callback`. */
	redirectUri?: string;
	/** Where the broker sends the browser after single logout; default `<origin>/logout`. */
	postLogoutRedirectUri?: string;
	scope: string;
	/** Extra `acr_values` to ask the broker for, space separated. */
	acrValues?: string;
	/** Lowest level of assurance accepted; null accepts any (OIDC_MIN_LOA=none). */
	minLoa: Loa | null;
	/** The claim that identifies the person at the broker (CPR-UUID at NemLog-in; `sub` elsewhere). */
	subjectClaim: string;
	/** The claim with the CPR number, when the broker gives it. */
	cprClaim: string;
	/** A claim with the level of assurance, read when `acr` is absent. */
	loaClaim: string;
	nameClaim: string;
}

type Env = Record<string, string | undefined>;

let cached: { settings: OidcSettings | null } | undefined;

/** The broker settings from the environment (read once), or null when none is configured. */
export function oidcSettings(): OidcSettings | null {
	cached ??= { settings: parseOidcSettings(process.env) };
	return cached.settings;
}

/** Reads the OIDC_* variables; throws on a half-made configuration, so a mistake stops the start. */
export function parseOidcSettings(variables: Env): OidcSettings | null {
	const env = (name: string): string | undefined => variables[name]?.trim() || undefined;
	const issuer = env('OIDC_ISSUER');
	const clientId = env('OIDC_CLIENT_ID');
	if (!issuer && !clientId) return null;
	if (!issuer || !clientId)
		throw new Error('OIDC_ISSUER and OIDC_CLIENT_ID go together: set both or neither');
	const clientSecret = env('OIDC_CLIENT_SECRET');
	const keyFile = env('OIDC_PRIVATE_KEY_FILE');
	if (!clientSecret === !keyFile) {
		throw new Error('set exactly one of OIDC_CLIENT_SECRET and OIDC_PRIVATE_KEY_FILE');
	}
	const minLoaText = env('OIDC_MIN_LOA') ?? 'substantial';
	const minLoa = minLoaText.toLowerCase() === 'none' ? null : loaLevel(minLoaText);
	if (minLoa === undefined) {
		throw new Error(`OIDC_MIN_LOA must be low, substantial, high or none, got "${minLoaText}"`);
	}
	return {
		issuer: new URL(issuer),
		clientId,
		clientSecret,
		privateKey: keyFile ? { pem: readFileSync(keyFile, 'utf8'), kid: env('OIDC_PRIVATE_KEY_ID') } : undefined,
		redirectUri: env('OIDC_REDIRECT_URI'),
		postLogoutRedirectUri: env('OIDC_POST_LOGOUT_REDIRECT_URI'),
		scope: env('OIDC_SCOPES') ?? 'openid',
		acrValues: env('OIDC_ACR_VALUES'),
		minLoa,
		subjectClaim: env('OIDC_SUBJECT_CLAIM') ?? 'sub',
		cprClaim: env('OIDC_CPR_CLAIM') ?? 'https://data.gov.dk/model/core/eid/cprNumber',
		loaClaim: env('OIDC_LOA_CLAIM') ?? 'https://data.gov.dk/concept/core/nsis/loa',
		nameClaim: env('OIDC_NAME_CLAIM') ?? 'name'
	};
}
