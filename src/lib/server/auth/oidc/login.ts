import type { Database, Tx } from '../../db/engine';
import { MINUTE } from '../../config';
import { equalSecrets, randomToken, sha256Hex } from '../../crypto';
import { citizenByCpr, citizenById, createCitizenWithoutCredentials } from '../citizens';
import { createSession, type StorageMode } from '../session';
import { authorizationRequest, exchangeCode } from './broker';
import { loaSufficient } from './loa';
import type { OidcSettings } from './settings';

/** How long a browser may stay at the broker between leaving and coming back. */
export const OIDC_LOGIN_MS = 10 * MINUTE;

export interface StartedLogin {
	/** Where to send the browser. */
	url: URL;
	/** The cookie value that binds the callback to this browser (only its hash is stored). */
	token: string;
}

/** Starts a sign-in at the broker: state, nonce and PKCE verifier are kept server-side until the callback. */
export async function beginBrokerLogin(
	db: Database,
	settings: OidcSettings,
	options: {
		redirectUri: string;
		sharedComputer: boolean;
		locale: string;
		now: number;
		/** This browser's earlier, unfinished sign-in (its cookie): replaced, so a browser holds one at a time. */
		previousToken?: string;
	}
): Promise<StartedLogin> {
	const request = await authorizationRequest(settings, options.redirectUri, options.locale);
	const token = randomToken(32);
	await db.tx(async (t) => {
		await t.run('DELETE FROM oidc_logins WHERE expires_at <= $1 OR token_hash = $2', [
			options.now,
			options.previousToken ? sha256Hex(options.previousToken) : ''
		]);
		await t.run(
			`INSERT INTO oidc_logins (token_hash, state, nonce, code_verifier, shared_computer, locale, expires_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			[
				sha256Hex(token),
				request.state,
				request.nonce,
				request.codeVerifier,
				options.sharedComputer,
				options.locale,
				options.now + OIDC_LOGIN_MS
			]
		);
	});
	return { url: request.url, token };
}

/** Why a broker sign-in was refused; each has its own text on the sign-in page. */
export type BrokerRefusal =
	/** No sign-in was started in this browser, it expired, was used already, or `state` does not match. */
	| 'state'
	/** The person cancelled at the broker, or the broker refused. */
	| 'cancelled'
	/** The code exchange or the ID token failed its checks (e.g. a code used twice). */
	| 'failed'
	/** The level of assurance is below what Postkasse requires. */
	| 'loa'
	/** The broker named a person we cannot find and gave no CPR number to open a mailbox with. */
	| 'no_cpr'
	/** The broker could not be reached. */
	| 'unavailable';

export type BrokerLogin =
	| {
			ok: true;
			sessionToken: string;
			storage: StorageMode;
			registered: boolean;
			locale: string;
	  }
	| { ok: false; reason: BrokerRefusal; locale: string | null };

interface PendingRow {
	state: string;
	nonce: string;
	code_verifier: string;
	shared_computer: number;
	locale: string;
	expires_at: number;
}

/**
 * Finishes a sign-in on the callback: takes the pending sign-in (once: a replayed callback finds nothing),
 * checks `state`, exchanges the code, checks the level of assurance, finds or opens the citizen's mailbox and
 * starts a session that remembers the ID token for single logout.
 */
export async function finishBrokerLogin(
	db: Database,
	settings: OidcSettings,
	input: { token: string | undefined; callbackUrl: URL; now: number }
): Promise<BrokerLogin> {
	// Taken by DELETE … RETURNING: single use, also across app processes.
	const pending = input.token
		? ((await db.one<PendingRow>(
				`DELETE FROM oidc_logins WHERE token_hash = $1
				 RETURNING state, nonce, code_verifier, shared_computer, locale, expires_at`,
				[sha256Hex(input.token)]
			)) ?? null)
		: null;
	if (!pending || pending.expires_at <= input.now) return { ok: false, reason: 'state', locale: null };
	const locale = pending.locale;
	const state = input.callbackUrl.searchParams.get('state') ?? '';
	if (!equalSecrets(state, pending.state)) return { ok: false, reason: 'state', locale };
	if (input.callbackUrl.searchParams.has('error')) return { ok: false, reason: 'cancelled', locale };

	let identity;
	try {
		identity = await exchangeCode(
			settings,
			input.callbackUrl,
			{ state: pending.state, nonce: pending.nonce, codeVerifier: pending.code_verifier },
			settings.cprClaim
		);
	} catch (err) {
		// Never log claims or tokens; the kind of failure is enough to investigate.
		console.warn('broker sign-in failed:', (err as { code?: string }).code ?? (err as Error).name);
		// fetch() throws TypeError when the broker cannot be reached; anything else failed a check.
		return { ok: false, reason: err instanceof TypeError ? 'unavailable' : 'failed', locale };
	}
	const { claims } = identity;
	if (!loaSufficient(claims.acr ?? claims[settings.loaClaim], settings.minLoa)) {
		return { ok: false, reason: 'loa', locale };
	}
	const subject = claims[settings.subjectClaim];
	if (typeof subject !== 'string' || subject === '') return { ok: false, reason: 'failed', locale };
	const cpr = typeof claims[settings.cprClaim] === 'string' ? (claims[settings.cprClaim] as string) : null;

	const result = await db.tx(async (t): Promise<BrokerLogin> => {
		const citizenId = await citizenForIdentity(
			t,
			settings.issuer.href,
			subject,
			cpr,
			personName(claims, settings),
			input.now
		);
		if (!citizenId) return { ok: false, reason: 'no_cpr', locale };
		const storage: StorageMode = pending.shared_computer === 1 ? 'memory' : 'persistent';
		const sessionToken = await createSession(t, citizenId, storage, input.now, identity.idToken);
		const registered = (await citizenById(t, citizenId))?.registered_at != null;
		return { ok: true, sessionToken, storage, registered, locale };
	});
	return result;
}

function personName(claims: Record<string, unknown>, settings: OidcSettings): string {
	const named = claims[settings.nameClaim];
	if (typeof named === 'string' && named.trim()) return named.trim().slice(0, 200);
	const parts = [claims.given_name, claims.family_name].filter((p): p is string => typeof p === 'string');
	return parts.join(' ').trim().slice(0, 200);
}

/**
 * The citizen behind a broker identity: linked before; else the citizen with the CPR number the broker gave
 * (then linked); else a new citizen with an empty mailbox, who lands on registration. Null when the broker
 * gave no CPR number for a person we do not know.
 */
async function citizenForIdentity(
	t: Tx,
	issuer: string,
	subject: string,
	cpr: string | null,
	name: string,
	now: number
): Promise<string | null> {
	const linkedTo = () =>
		t.value<string>('SELECT citizen_id FROM oidc_identities WHERE issuer = $1 AND subject = $2', [
			issuer,
			subject
		]);
	const linked = await linkedTo();
	if (linked) return linked;
	if (!cpr || !/^\d{10}$/.test(cpr)) return null;
	const citizenId =
		(await citizenByCpr(t, cpr))?.id ?? (await createCitizenWithoutCredentials(t, { cpr, name }, now));
	// Two first sign-ins of one person at once link once: the constraint decides, the loser reads the link.
	await t.run(
		`INSERT INTO oidc_identities (issuer, subject, citizen_id, created_at) VALUES ($1, $2, $3, $4)
		 ON CONFLICT (issuer, subject) DO NOTHING`,
		[issuer, subject, citizenId, now]
	);
	return (await linkedTo()) ?? citizenId;
}
