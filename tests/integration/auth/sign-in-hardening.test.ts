import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { createCitizen, withDatabase, type TestCitizen } from '../../fixtures/citizens';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	ms: number;
}

/**
 * A browser at its own loopback address (127.0.0.x), so each test is its own sign-in source and the
 * per-source counts of one test never reach another's.
 */
class Browser {
	private readonly cookies = new Map<string, string>();
	constructor(readonly address: string) {}

	post(path: string, fields: Record<string, string>, enhanced = false): Promise<Answer> {
		const body = new URLSearchParams(fields).toString();
		const url = new URL(path, baseUrl);
		const started = performance.now();
		return new Promise((resolve, reject) => {
			const req = request(
				url,
				{
					method: 'POST',
					localAddress: this.address,
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						'content-length': Buffer.byteLength(body),
						origin: baseUrl,
						accept: enhanced ? 'application/json' : 'text/html',
						...(enhanced ? { 'x-sveltekit-action': 'true' } : {}),
						cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
					}
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => {
						for (const header of res.headers['set-cookie'] ?? []) {
							const [pair] = header.split(';');
							const [name, value] = pair!.split('=') as [string, string];
							if (value && !/max-age=0/i.test(header)) this.cookies.set(name.trim(), value);
							else this.cookies.delete(name.trim());
						}
						resolve({
							status: res.statusCode ?? 0,
							headers: res.headers,
							body: Buffer.concat(chunks).toString('utf8'),
							ms: performance.now() - started
						});
					});
				}
			);
			req.on('error', reject);
			req.end(body);
		});
	}

	password(userId: string, password: string, enhanced = false): Promise<Answer> {
		return this.post('/login?/password', { userId, password }, enhanced);
	}

	code(code: string): Promise<Answer> {
		return this.post('/login?/code', { code });
	}
}

/** The key the code step asks for (the pending sign-in in the database). */
function pendingKey(citizen: TestCitizen): Promise<string> {
	return withDatabase(dataDir, async (db) => {
		const key = await db.value<string>('SELECT key FROM pending_logins WHERE citizen_id = $1', [
			citizen.citizenId
		]);
		if (!key) throw new Error('no pending sign-in');
		return key;
	});
}

function wrongCode(citizen: TestCitizen, key: string): string {
	return citizen.codes[key] === '000000' ? '111111' : '000000';
}

/** Locks a citizen's code step the way an intruder who knows the password would: five wrong codes. */
async function lockCodeStep(citizen: TestCitizen, browser: Browser): Promise<void> {
	expect((await browser.password(citizen.userId, citizen.password)).status).toBe(303);
	const key = await pendingKey(citizen);
	for (let i = 0; i < 4; i++) expect((await browser.code(wrongCode(citizen, key))).status).toBe(400);
	expect((await browser.code(wrongCode(citizen, key))).status).toBe(423);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('sign-in does not tell which user IDs exist', () => {
	it('answers an unknown ID, a wrong password and a locked account alike, page and script', async () => {
		const known = await createCitizen(dataDir);
		const locked = await createCitizen(dataDir);
		await lockCodeStep(locked, new Browser('127.0.0.2'));
		const browser = new Browser('127.0.0.3');
		for (const enhanced of [false, true]) {
			const answers = await Promise.all(
				[
					['nobody-by-this-name', 'whatever'],
					[known.userId, 'not-the-password'],
					[locked.userId, 'not-the-password']
				].map(async ([userId, password]) => {
					const res = await browser.password(userId!, password!, enhanced);
					// The echoed ID and the page's script nonce (new on every answer) aside, all alike.
					const body = res.body.replaceAll(userId!, '<id>').replace(/nonce="[^"]*"/g, 'nonce=""');
					return { status: res.status, body };
				})
			);
			expect(answers[0]!.status).toBe(enhanced ? 200 : 400);
			if (enhanced) expect(JSON.parse(answers[0]!.body)).toMatchObject({ type: 'failure', status: 400 });
			else expect(answers[0]!.body).toContain('Bruger-id eller adgangskode er forkert.');
			expect(answers[1]).toEqual(answers[0]);
			expect(answers[2]).toEqual(answers[0]);
		}
		// No "tries left" for a password: it would tell that the ID exists.
		const again = await browser.password(known.userId, 'not-the-password');
		expect(again.body).not.toMatch(/forsøg tilbage/);
	});

	it('takes as long for an unknown ID as for a known one, locked or not', async () => {
		const known = await createCitizen(dataDir);
		const locked = await createCitizen(dataDir);
		await lockCodeStep(locked, new Browser('127.0.0.4'));
		const browser = new Browser('127.0.0.5');
		const times: Record<'unknown' | 'known' | 'locked', number[]> = { unknown: [], known: [], locked: [] };
		// Interleaved, so a busy moment on the machine touches all three alike.
		for (let i = 0; i < 7; i++) {
			times.unknown.push((await browser.password(`nobody-${i}`, 'whatever')).ms);
			times.known.push((await browser.password(known.userId, 'not-the-password')).ms);
			times.locked.push((await browser.password(locked.userId, 'not-the-password')).ms);
		}
		const unknown = median(times.unknown);
		// Each answer checks a password hash (tens of ms); an early answer for some IDs would be a few ms.
		for (const kind of ['known', 'locked'] as const) {
			expect(median(times[kind])).toBeGreaterThan(unknown / 2);
			expect(median(times[kind])).toBeLessThan(unknown * 2);
		}
	}, 120_000); // 21 password hashes and a lock
});

describe('a stranger cannot lock a citizen out', () => {
	it('never locks for wrong passwords, and tells the owner at the next sign-in how many failed', async () => {
		const citizen = await createCitizen(dataDir);
		const stranger = new Browser('127.0.0.6');
		for (let i = 0; i < 8; i++)
			expect((await stranger.password(citizen.userId, `guess-${i}`)).status).toBe(400);

		const owner = new Browser('127.0.0.7');
		expect((await owner.password(citizen.userId, citizen.password)).status).toBe(303);
		const key = await pendingKey(citizen);
		// The owner mistypes the code once: it counts too.
		expect((await owner.code(wrongCode(citizen, key))).status).toBe(400);
		const signedIn = await owner.code(citizen.codes[key]!);
		expect(signedIn.status).toBe(200);
		expect(signedIn.body).toContain('data-testid="failed-attempts"');
		expect(signedIn.body).toContain('9 gange');
		expect(String(signedIn.headers['set-cookie'])).toContain('postkasse_session=');

		// Told once: the next sign-in goes straight on.
		const next = new Browser('127.0.0.7');
		expect((await next.password(citizen.userId, citizen.password)).status).toBe(303);
		const nextKey = await pendingKey(citizen);
		const quiet = await next.code(citizen.codes[nextKey]!);
		expect(quiet.status).toBe(303);
	});

	it('locks only the code step after five wrong codes; the right password then says until when', async () => {
		const citizen = await createCitizen(dataDir);
		await lockCodeStep(citizen, new Browser('127.0.0.8'));
		const owner = new Browser('127.0.0.9');
		const answer = await owner.password(citizen.userId, citizen.password);
		expect(answer.status).toBe(423);
		expect(answer.body).toContain('data-testid="locked-until"');
		expect(answer.body).toContain('Din konto er låst');
		const until = await withDatabase(dataDir, (db) =>
			db.value('SELECT locked_until FROM credentials WHERE citizen_id = $1', [citizen.citizenId])
		);
		expect(until as number).toBeGreaterThan(Date.now() + 14 * 60_000);
		// No code step started for the locked account.
		const pending = await withDatabase(dataDir, (db) =>
			db.value('SELECT count(*) FROM pending_logins WHERE citizen_id = $1', [citizen.citizenId])
		);
		expect(pending).toBe(0);
	});

	it('stops a source after its failures (429), while the citizen signs in from elsewhere', async () => {
		const citizen = await createCitizen(dataDir);
		const attacker = new Browser('127.0.0.10');
		const limit = 50; // LOGIN_IP_MAX_FAILURES default
		const guesses = Array.from({ length: limit }, (_, i) => attacker.password(citizen.userId, `guess-${i}`));
		for (const answer of await Promise.all(guesses)) expect(answer.status).toBe(400);
		const refused = await attacker.password(citizen.userId, citizen.password);
		expect(refused.status).toBe(429);
		expect(refused.body).toContain('for mange forkerte forsøg fra dit netværk');

		const owner = new Browser('127.0.0.11');
		expect((await owner.password(citizen.userId, citizen.password)).status).toBe(303);
		// Counted in the database per hashed source, not in the server's memory.
		const sources = await withDatabase(dataDir, (db) =>
			db.all('SELECT source, failures FROM sign_in_sources WHERE failures >= $1', [limit])
		);
		expect(sources.length).toBeGreaterThanOrEqual(1);
		expect(JSON.stringify(sources)).not.toContain('127.0.0.10');
	}, 120_000); // 51 password hashes: seconds on a quiet machine, more on a busy one
});
