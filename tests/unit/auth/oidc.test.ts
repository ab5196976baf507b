import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteDatabase } from '../../../src/lib/server/db/sqlite-engine';
import { createCitizen } from '../../../src/lib/server/auth/citizens';
import { findSession } from '../../../src/lib/server/auth/session';
import { beginBrokerLogin, finishBrokerLogin } from '../../../src/lib/server/auth/oidc/login';
import { endSessionUrl } from '../../../src/lib/server/auth/oidc/broker';
import { loaLevel, loaSufficient } from '../../../src/lib/server/auth/oidc/loa';
import { parseOidcSettings, type OidcSettings } from '../../../src/lib/server/auth/oidc/settings';
import { CookieJar } from '../../fixtures/citizens';
import { cprUuid, startTestBroker, type BrokerLoa, type TestBroker } from '../../fixtures/oidc-broker';

vi.setConfig({ testTimeout: 60_000 });

const ORIGIN = 'http://127.0.0.1:5999';
const CALLBACK = `${ORIGIN}/login/oidc/callback`;

describe('levels of assurance', () => {
	it('reads NSIS and eIDAS URIs and plain words', () => {
		expect(loaLevel('https://data.gov.dk/concept/core/nsis/loa/Substantial')).toBe('substantial');
		expect(loaLevel('http://eidas.europa.eu/LoA/high')).toBe('high');
		expect(loaLevel('Low')).toBe('low');
		expect(loaLevel('urn:x:unknown')).toBeUndefined();
		expect(loaLevel(3)).toBeUndefined();
	});

	it('accepts the required level and above, nothing unknown', () => {
		expect(loaSufficient('High', 'substantial')).toBe(true);
		expect(loaSufficient('Substantial', 'substantial')).toBe(true);
		expect(loaSufficient('Low', 'substantial')).toBe(false);
		expect(loaSufficient(undefined, 'low')).toBe(false);
		expect(loaSufficient(undefined, null)).toBe(true);
	});
});

describe('broker settings', () => {
	it('are off without OIDC_ISSUER and OIDC_CLIENT_ID, and refuse half a configuration', () => {
		expect(parseOidcSettings({})).toBeNull();
		expect(() => parseOidcSettings({ OIDC_ISSUER: 'https://broker.example' })).toThrow(/go together/);
		expect(() => parseOidcSettings({ OIDC_ISSUER: 'https://broker.example', OIDC_CLIENT_ID: 'pk' })).toThrow(
			/exactly one of OIDC_CLIENT_SECRET and OIDC_PRIVATE_KEY_FILE/
		);
		expect(() =>
			parseOidcSettings({
				OIDC_ISSUER: 'https://broker.example',
				OIDC_CLIENT_ID: 'pk',
				OIDC_CLIENT_SECRET: 's',
				OIDC_MIN_LOA: 'medium'
			})
		).toThrow(/OIDC_MIN_LOA/);
	});

	it('default to substantial, sub and the NemLog-in CPR and LoA claims', () => {
		expect(
			parseOidcSettings({
				OIDC_ISSUER: 'https://broker.example',
				OIDC_CLIENT_ID: 'pk',
				OIDC_CLIENT_SECRET: 's'
			})
		).toMatchObject({
			minLoa: 'substantial',
			scope: 'openid',
			subjectClaim: 'sub',
			cprClaim: 'https://data.gov.dk/model/core/eid/cprNumber',
			loaClaim: 'https://data.gov.dk/concept/core/nsis/loa'
		});
	});
});

/** What a browser does at the broker: follow redirects, fill in its form; returns where it sends us back. */
async function atBroker(
	authorizationUrl: URL,
	person: { cpr?: string; name?: string; loa?: BrokerLoa; cancel?: boolean }
): Promise<URL> {
	const jar = new CookieJar();
	let url = authorizationUrl;
	let init: RequestInit = {};
	for (let hop = 0; hop < 10; hop++) {
		const res = await fetch(url, {
			...init,
			redirect: 'manual',
			headers: { ...init.headers, cookie: jar.header() }
		});
		jar.store(res);
		const location = res.headers.get('location');
		if (location) {
			const next = new URL(location, url);
			if (next.href.startsWith(CALLBACK)) return next;
			url = next;
			init = {};
			continue;
		}
		const html = await res.text();
		if (!html.includes('name="cpr"'))
			throw new Error(`unexpected page at the broker (${res.status}): ${html.slice(0, 300)}`);
		const form = new URLSearchParams({
			cpr: person.cpr ?? '',
			name: person.name ?? 'Test Person',
			loa: person.loa ?? 'substantial',
			action: person.cancel ? 'cancel' : 'login'
		});
		init = {
			method: 'POST',
			body: form.toString(),
			headers: { 'content-type': 'application/x-www-form-urlencoded' }
		};
	}
	throw new Error('the broker never sent the browser back');
}

describe('sign-in through a real OpenID provider', () => {
	let broker: TestBroker;
	let settings: OidcSettings;
	let db: SqliteDatabase;

	beforeAll(async () => {
		// private_key_jwt, as NemLog-in asks of its clients.
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		const keyFile = join(mkdtempSync(join(tmpdir(), 'oidc-key-')), 'client.pem');
		writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
		broker = await startTestBroker([
			{
				clientId: 'postkasse-jwt',
				publicJwk: { ...publicKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'client-1' },
				redirectUri: CALLBACK,
				postLogoutRedirectUri: `${ORIGIN}/logout`
			}
		]);
		settings = parseOidcSettings({
			OIDC_ISSUER: broker.issuer,
			OIDC_CLIENT_ID: 'postkasse-jwt',
			OIDC_PRIVATE_KEY_FILE: keyFile,
			OIDC_PRIVATE_KEY_ID: 'client-1',
			OIDC_SCOPES: 'openid mitid',
			OIDC_SUBJECT_CLAIM: 'https://data.gov.dk/model/core/eid/cprUuid'
		})!;
	});
	afterAll(() => broker?.stop());
	beforeEach(() => {
		db = new SqliteDatabase(':memory:');
	});
	afterEach(() => db.close());

	async function signIn(person: Parameters<typeof atBroker>[1], sharedComputer = false) {
		const started = await beginBrokerLogin(db, settings, {
			redirectUri: CALLBACK,
			sharedComputer,
			locale: 'en',
			now: Date.now()
		});
		expect(started.url.searchParams.get('code_challenge_method')).toBe('S256');
		const callbackUrl = await atBroker(started.url, person);
		const result = await finishBrokerLogin(db, settings, {
			token: started.token,
			callbackUrl,
			now: Date.now()
		});
		return { started, callbackUrl, result };
	}

	it('opens a new mailbox for an unknown citizen, who lands on registration', async () => {
		const { result } = await signIn({ cpr: '3102905555', name: 'Ny Borger' }, true);
		expect(result).toMatchObject({ ok: true, registered: false, storage: 'memory', locale: 'en' });
		const citizen = (await db.one<{ id: string; name: string; registered_at: number | null }>(
			'SELECT id, name, registered_at FROM citizens WHERE cpr = $1',
			['3102905555']
		))!;
		expect(citizen).toMatchObject({ name: 'Ny Borger', registered_at: null });
		expect(await db.value('SELECT subject FROM oidc_identities WHERE citizen_id = $1', [citizen.id])).toBe(
			cprUuid('3102905555')
		);
		if (!result.ok) return;
		const session = await findSession(db, result.sessionToken, Date.now());
		expect(session).toMatchObject({ citizenId: citizen.id, storage: 'memory', registered: false });
		// The session keeps the ID token for single logout, which goes to the broker's end_session_endpoint.
		const idToken = (await db.value<string>('SELECT id_token FROM sessions'))!;
		expect(idToken.split('.')).toHaveLength(3);
		const logout = await endSessionUrl(settings, idToken, `${ORIGIN}/logout`);
		expect(logout?.origin).toBe(broker.issuer);
		expect(logout?.searchParams.get('id_token_hint')).toBe(idToken);
		expect(logout?.searchParams.get('post_logout_redirect_uri')).toBe(`${ORIGIN}/logout`);
	});

	it('finds an existing citizen by CPR, then by the linked identity', async () => {
		const existing = await createCitizen(db, {
			userId: 'kendt',
			password: 'pw-long-enough',
			name: 'Kendt Borger',
			cpr: '3102906666',
			registered: true
		});
		const first = await signIn({ cpr: '3102906666' });
		expect(first.result).toMatchObject({ ok: true, registered: true, storage: 'persistent' });
		const again = await signIn({ cpr: '3102906666' });
		expect(again.result.ok).toBe(true);
		const citizens = (await db.all<{ citizen_id: string }>('SELECT DISTINCT citizen_id FROM sessions')).map(
			(r) => r.citizen_id
		);
		expect(citizens).toEqual([existing.citizenId]);
	});

	it('refuses a level of assurance below substantial', async () => {
		const { result } = await signIn({ cpr: '3102907777', loa: 'low' });
		expect(result).toMatchObject({ ok: false, reason: 'loa' });
		expect(await db.value('SELECT count(*) FROM sessions')).toBe(0);
		expect((await signIn({ cpr: '3102907777', loa: 'high' })).result.ok).toBe(true);
	});

	it('refuses a replayed callback and a replayed code', async () => {
		const first = await signIn({ cpr: '3102908888' });
		expect(first.result.ok).toBe(true);
		// The same callback again: the started sign-in was used up.
		const replay = await finishBrokerLogin(db, settings, {
			token: first.started.token,
			callbackUrl: first.callbackUrl,
			now: Date.now()
		});
		expect(replay).toMatchObject({ ok: false, reason: 'state' });
		// The old code under a new sign-in's state: the broker refuses the code (used, and bound to another PKCE).
		const fresh = await beginBrokerLogin(db, settings, {
			redirectUri: CALLBACK,
			sharedComputer: false,
			locale: 'da',
			now: Date.now()
		});
		const forged = new URL(first.callbackUrl);
		forged.searchParams.set('state', fresh.url.searchParams.get('state')!);
		const stolen = await finishBrokerLogin(db, settings, {
			token: fresh.token,
			callbackUrl: forged,
			now: Date.now()
		});
		expect(stolen).toMatchObject({ ok: false, reason: 'failed' });
		expect(await db.value('SELECT count(*) FROM sessions')).toBe(1);
	});

	it('refuses a wrong state, a cancelled sign-in and an unknown person without CPR', async () => {
		const started = await beginBrokerLogin(db, settings, {
			redirectUri: CALLBACK,
			sharedComputer: false,
			locale: 'da',
			now: Date.now()
		});
		const callbackUrl = await atBroker(started.url, { cpr: '3102909999' });
		callbackUrl.searchParams.set('state', 'not-the-state');
		expect(
			await finishBrokerLogin(db, settings, { token: started.token, callbackUrl, now: Date.now() })
		).toMatchObject({ ok: false, reason: 'state' });
		expect((await signIn({ cancel: true })).result).toMatchObject({ ok: false, reason: 'cancelled' });
		expect((await signIn({ name: 'Uden CPR' })).result).toMatchObject({ ok: false, reason: 'no_cpr' });
		expect(await db.value('SELECT count(*) FROM sessions')).toBe(0);
	});

	it('keeps one unfinished sign-in per browser: starting again replaces it', async () => {
		const options = { redirectUri: CALLBACK, sharedComputer: false, locale: 'da', now: Date.now() };
		const first = await beginBrokerLogin(db, settings, options);
		const second = await beginBrokerLogin(db, settings, { ...options, previousToken: first.token });
		expect(await db.value('SELECT count(*) FROM oidc_logins')).toBe(1);
		const callbackUrl = await atBroker(first.url, { cpr: '3102902222' });
		expect(
			await finishBrokerLogin(db, settings, { token: first.token, callbackUrl, now: Date.now() })
		).toMatchObject({
			ok: false,
			reason: 'state'
		});
		const secondCallback = await atBroker(second.url, { cpr: '3102902222' });
		expect(
			(
				await finishBrokerLogin(db, settings, {
					token: second.token,
					callbackUrl: secondCallback,
					now: Date.now()
				})
			).ok
		).toBe(true);
	});

	it('refuses a callback from a browser that started no sign-in, and an expired one', async () => {
		const started = await beginBrokerLogin(db, settings, {
			redirectUri: CALLBACK,
			sharedComputer: false,
			locale: 'da',
			now: Date.now()
		});
		const callbackUrl = await atBroker(started.url, { cpr: '3102901111' });
		expect(
			await finishBrokerLogin(db, settings, { token: undefined, callbackUrl, now: Date.now() })
		).toMatchObject({
			ok: false,
			reason: 'state'
		});
		expect(
			await finishBrokerLogin(db, settings, {
				token: started.token,
				callbackUrl,
				now: Date.now() + 11 * 60_000
			})
		).toMatchObject({ ok: false, reason: 'state' });
	});
});
