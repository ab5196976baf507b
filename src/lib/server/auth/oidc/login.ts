import type { Db } from '../../db/connection';
import { write } from '../../db/connection';
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
	db: Db,
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
	write(db, () => {
		db.prepare('DELETE FROM oidc_logins WHERE expires_at <= ? OR token_hash = ?').run(
			options.now,
			options.previousToken ? sha256Hex(options.previousToken) : ''
		);
		db.prepare(
			`INSERT INTO oidc_logins (token_hash, state, nonce, code_verifier, shared_computer, locale, expires_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?)`
		).run(
			sha256Hex(token),
			request.state,
			request.nonce,
			request.codeVerifier,
			options.sharedComputer ? 1 : 0,
			options.locale,
			options.now + OIDC_LOGIN_MS
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
	db: Db,
	settings: OidcSettings,
	input: { token: string | undefined; callbackUrl: URL; now: number }
): Promise<BrokerLogin> {
	const pending = input.token
		? ((db
				.prepare(
					`DELETE FROM oidc_logins WHERE token_hash = ?
					 RETURNING state, nonce, code_verifier, shared_computer, locale, expires_at`
				)
				.get(sha256Hex(input.token)) as PendingRow | undefined) ?? null)
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

	const result = write(db, (): BrokerLogin => {
		const citizenId = citizenForIdentity(
			db,
			settings.issuer.href,
			subject,
			cpr,
			personName(claims, settings),
			input.now
		);
		if (!citizenId) return { ok: false, reason: 'no_cpr', locale };
		const storage: StorageMode = pending.shared_computer === 1 ? 'memory' : 'persistent';
		const sessionToken = createSession(db, citizenId, storage, input.now, identity.idToken);
		const registered = citizenById(db, citizenId)?.registered_at != null;
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
function citizenForIdentity(
	db: Db,
	issuer: string,
	subject: string,
	cpr: string | null,
	name: string,
	now: number
): string | null {
	const linked = db
		.prepare('SELECT citizen_id FROM oidc_identities WHERE issuer = ? AND subject = ?')
		.pluck()
		.get(issuer, subject) as string | undefined;
	if (linked) return linked;
	if (!cpr || !/^\d{10}$/.test(cpr)) return null;
	const citizenId = citizenByCpr(db, cpr)?.id ?? createCitizenWithoutCredentials(db, { cpr, name }, now);
	db.prepare('INSERT INTO oidc_identities (issuer, subject, citizen_id, created_at) VALUES (?, ?, ?, ?)').run(
		issuer,
		subject,
		citizenId,
		now
	);
	return citizenId;
}
