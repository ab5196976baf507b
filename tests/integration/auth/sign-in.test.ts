import { describe, expect, inject, it } from 'vitest';
import {
	createCitizen,
	httpSession,
	readDemo,
	signInHttp,
	startSignIn,
	useUpCodes,
	withDatabase
} from '../../fixtures/citizens';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

function form(fields: Record<string, string>): RequestInit {
	return {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams(fields).toString()
	};
}

describe('sign-in with user ID, password and code card', () => {
	it('signs in over two steps and answers /api/v1/session', async () => {
		const citizen = await createCitizen(dataDir);
		const { session, response } = await signInHttp(baseUrl, citizen);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/mail');
		const res = await session.fetch('/api/v1/session');
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			citizenId: citizen.citizenId,
			userId: citizen.userId,
			name: citizen.name,
			mailboxId: citizen.mailboxId,
			storage: 'persistent',
			// The server's trash retention (TRASH_RETENTION_DAYS), so the mail client shows the right purge date.
			trashRetentionDays: 30
		});
	});

	it('sets an HttpOnly, SameSite=Lax session cookie and stores only its hash', async () => {
		const citizen = await createCitizen(dataDir);
		const session = httpSession(baseUrl);
		const { key } = await startSignIn(baseUrl, citizen, { session });
		const res = await session.fetch('/login?/code', form({ code: citizen.codes[key]! }));
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('postkasse_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).not.toMatch(/Secure/i); // plain http in the test
		const token = session.jar.get('postkasse_session')!;
		expect(token.length).toBeGreaterThanOrEqual(43);
		const stored = await withDatabase(dataDir, async (db) =>
			(
				await db.all<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE citizen_id = $1', [
					citizen.citizenId
				])
			).map((r) => r.token_hash)
		);
		expect(stored).toHaveLength(1);
		expect(stored[0]).not.toBe(token);
	});

	it('keeps nothing on a shared computer: storage "memory" and a browser-session cookie', async () => {
		const citizen = await createCitizen(dataDir);
		const session = httpSession(baseUrl);
		const { key } = await startSignIn(baseUrl, citizen, { session, sharedComputer: true });
		const res = await session.fetch('/login?/code', form({ code: citizen.codes[key]! }));
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('postkasse_session='))!;
		expect(cookie).not.toMatch(/Max-Age|Expires/i);
		expect(await (await session.fetch('/api/v1/session')).json()).toMatchObject({ storage: 'memory' });
	});

	it('sends a first sign-in to /register, and /register then to /mail', async () => {
		const citizen = await createCitizen(dataDir, { registered: false, optIns: [] });
		const { session, response } = await signInHttp(baseUrl, citizen);
		expect(response.headers.get('location')).toBe('/register');
		const page = await session.fetch('/register');
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('name="sender" value="fjordbank"');
		const body = new URLSearchParams();
		body.append('sender', 'fjordbank');
		body.append('sender', 'skat'); // a public sender is not an opt-in and is ignored
		const done = await session.fetch('/register', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: body.toString()
		});
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/mail');
		const optIns = await withDatabase(dataDir, async (db) =>
			(
				await db.all<{ sender_id: string }>(
					'SELECT sender_id FROM private_sender_optins WHERE mailbox_id = $1 ORDER BY sender_id',
					[citizen.mailboxId]
				)
			).map((r) => r.sender_id)
		);
		expect(optIns).toEqual(['fjordbank']);
		expect(await (await session.fetch('/api/v1/session')).json()).toMatchObject({ registered: true });
	});

	it('rotates the session: a cookie the browser had before sign-in is replaced and ended', async () => {
		const citizen = await createCitizen(dataDir);
		const other = await createCitizen(dataDir);
		const { session } = await signInHttp(baseUrl, citizen);
		const first = session.jar.get('postkasse_session')!;
		// Someone else signs in on the same browser: the earlier session must not live on.
		await signInHttp(baseUrl, other, { session });
		const second = session.jar.get('postkasse_session')!;
		expect(second).not.toBe(first);
		const old = await fetch(new URL('/api/v1/session', baseUrl), {
			headers: { cookie: `postkasse_session=${first}` }
		});
		expect(old.status).toBe(401);
		expect(await (await session.fetch('/api/v1/session')).json()).toMatchObject({ userId: other.userId });
	});

	it('uses each code once', async () => {
		const citizen = await createCitizen(dataDir);
		const { key } = await signInHttp(baseUrl, citizen);
		const { session, key: nextKey } = await startSignIn(baseUrl, citizen);
		expect(nextKey).not.toBe(key);
		// The old key's code does not answer the new key.
		const res = await session.fetch('/login?/code', form({ code: citizen.codes[key]! }));
		expect(res.status).toBe(400);
		expect(session.jar.get('postkasse_session')).toBeUndefined();
	});

	it('asks for the same key again until it is answered', async () => {
		const citizen = await createCitizen(dataDir);
		const first = await startSignIn(baseUrl, citizen);
		const second = await startSignIn(baseUrl, citizen);
		expect(second.key).toBe(first.key);
	});

	it('shows a new code card once when 20 or fewer codes are left', async () => {
		const citizen = await createCitizen(dataDir);
		const left = await useUpCodes(dataDir, citizen, 21);
		expect(left).toHaveLength(21);
		// 21 left: this sign-in uses one, leaving 20 → a new card is issued and shown.
		const { session, response } = await signInHttp(baseUrl, citizen);
		expect(response.status).toBe(200);
		const html = await response.text();
		const cardId = html.match(/Nøglekort \u2068?(G\d{9})/)?.[1];
		expect(cardId).toBeDefined();
		expect(cardId).not.toBe(citizen.cardId);
		expect(html.match(/class="key[^"]*">\d{4}</g)).toHaveLength(148);
		// Signed in, with the new card waiting; the settings page shows its id but never its codes.
		const settings = await (await session.fetch('/settings')).text();
		expect(settings).toContain(cardId!);
		expect(settings).not.toMatch(/class="code[ "]/);
		// The next sign-in does not show a card again.
		const again = await signInHttp(baseUrl, citizen);
		expect(again.response.status).toBe(303);
	});

	it('keeps sign-in working after the old card is used up, with the new card', async () => {
		const citizen = await createCitizen(dataDir);
		await useUpCodes(dataDir, citizen, 1);
		const { response } = await signInHttp(baseUrl, citizen);
		const html = await response.text();
		const codes = Object.fromEntries(
			[...html.matchAll(/class="key[^"]*">(\d{4})<\/span>[\s\S]*?class="code[^"]*">(\d{6})</g)].map((m) => [
				m[1]!,
				m[2]!
			])
		);
		expect(Object.keys(codes)).toHaveLength(148);
		const next = await signInHttp(baseUrl, { ...citizen, codes });
		expect(next.response.status).toBe(303);
	});

	it('signs out with a POST to /logout, ending the server session', async () => {
		const citizen = await createCitizen(dataDir);
		const { session } = await signInHttp(baseUrl, citizen);
		const token = session.jar.get('postkasse_session')!;
		const res = await session.fetch('/logout', form({}));
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/login');
		expect(session.jar.get('postkasse_session')).toBeUndefined();
		const reuse = await fetch(new URL('/api/v1/session', baseUrl), {
			headers: { cookie: `postkasse_session=${token}` }
		});
		expect(reuse.status).toBe(401);
	});

	it('has one way to sign out: a POST that is not a form is refused, so no script can sign anyone out', async () => {
		const citizen = await createCitizen(dataDir);
		const { session } = await signInHttp(baseUrl, citizen);
		const res = await session.fetch('/logout', { method: 'POST' });
		expect(res.status).toBe(415);
		expect((await session.fetch('/api/v1/session')).status).toBe(200);
	});

	it('sends a visitor without a session to sign in, from the account pages and their form actions alike', async () => {
		const session = httpSession(baseUrl);
		for (const [path, init, to] of [
			['/settings', undefined, '/login'],
			['/en/settings', undefined, '/en/login'],
			['/register', undefined, '/login'],
			['/settings?/optIns', form({ sender: 'fjordbank' }), '/login'],
			['/register', form({}), '/login']
		] as const) {
			const res = await session.fetch(path, init);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toBe(to);
		}
	});

	it('serves the sign-in page with protective headers and never lets it be cached', async () => {
		const res = await fetch(new URL('/login', baseUrl));
		expect(res.status).toBe(200);
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
		expect(res.headers.get('cache-control')).toBe('private, no-store');
	});

	it('answers 401 JSON on /api/v1/session without a session', async () => {
		const res = await fetch(new URL('/api/v1/session', baseUrl));
		expect(res.status).toBe(401);
		expect(await res.json()).toMatchObject({ error: 'unauthorized' });
	});

	it('wrote demo.json with the demo citizen and senders', () => {
		const demo = readDemo(dataDir);
		expect(demo.citizen.userId).toBe('demo');
		expect(Object.keys(demo.citizen.codeCard.codes)).toHaveLength(148);
		expect(demo.citizen.codeCard.cardId).toMatch(/^G\d{9}$/);
		expect(demo.senders.map((s) => s.kind)).toContain('private');
		for (const sender of demo.senders) expect(sender.apiKey).toMatch(/^pk_/);
	});
});
