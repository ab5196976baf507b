import { request } from 'node:http';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { senderApiKey, signedInCitizen } from '../../fixtures/citizens';
import { pull } from '../sync/helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

// Every route of the app, with the action names and collections it knows (and some it does not).
const paths = [
	'/',
	'/en',
	'/login',
	'/login?/password',
	'/login?/code',
	'/login?/cancel',
	'/login?/nope',
	'/register',
	'/settings',
	'/settings?/optIns',
	'/logout',
	'/logout?/default',
	'/help',
	'/help/what-is-digital-post',
	'/help/nope',
	'/exemption',
	'/offline',
	'/mail',
	'/mail/letter/x',
	'/api/v1/messages',
	'/api/v1/replies',
	'/api/v1/session',
	'/api/v1/authorities',
	'/api/v1/files/x',
	'/api/sync/v1/letters/pull',
	'/api/sync/v1/folders/push',
	'/api/sync/v1/outgoing/push',
	'/api/sync/v1/letters/stream',
	'/api/sync/v1/nope/pull'
];

const printable = (max: number) =>
	fc.string({
		unit: fc.constantFrom(...' !#$%&*+-./0123456789:;=?@ABCXYZabcxyz[]^_|~"\'<>{}'),
		maxLength: max
	});

const query = fc.dictionary(
	fc.constantFrom(
		'v',
		'checkpoint',
		'limit',
		'after',
		'download',
		'x-sveltekit-invalidated',
		'/password',
		'a'
	),
	fc.oneof(fc.constantFrom('0', '-1', '1e309', 'NaN', '99999999999999999999', '%zz', ''), printable(20)),
	{ maxKeys: 4 }
);

const body = fc.oneof(
	fc.constant(''),
	printable(300),
	fc.json({ maxDepth: 4 }),
	fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
	fc.constantFrom(
		'userId=a&password=b',
		'code=12345x',
		'rows=1',
		'{"rows":[{"newDocumentState":{},"assumedMasterState":null}]}',
		'{"rows":"x"}',
		'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
		'{"messageUUID":"x","mainDocument":{"files":[{"content":"<<<"}]}}'
	)
);

const contentType = fc.option(
	fc.constantFrom(
		'application/json',
		'application/json; charset=utf-16',
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=XX',
		'multipart/form-data',
		'text/plain',
		'text/html',
		'application/octet-stream',
		';;;'
	),
	{ nil: undefined }
);

interface Fuzzed {
	method: string;
	path: string;
	query: Record<string, string>;
	contentType: string | undefined;
	accept: string | undefined;
	auth: 'session' | 'sender' | 'garbage' | 'none';
	origin: 'same' | 'other' | 'none';
	enhanced: boolean;
	body: string;
	extraHeader: [string, string] | undefined;
}

const fuzzed: fc.Arbitrary<Fuzzed> = fc.record({
	method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
	path: fc.constantFrom(...paths),
	query,
	contentType,
	accept: fc.option(
		fc.constantFrom('text/html', 'application/json', '*/*', 'text/event-stream', 'x/y;q=abc'),
		{
			nil: undefined
		}
	),
	auth: fc.constantFrom('session', 'sender', 'garbage', 'none'),
	origin: fc.constantFrom('same', 'other', 'none'),
	enhanced: fc.boolean(),
	body,
	extraHeader: fc.option(
		fc.tuple(
			fc.constantFrom('if-none-match', 'cookie', 'accept-language', 'range', 'sec-fetch-site'),
			printable(40)
		),
		{ nil: undefined }
	)
});

/**
 * Sends one request from its own loopback address (so the sign-in failures it causes count against that
 * source, not the other tests'), reads the status and drops the rest (a stream's body never ends).
 */
function send(input: Fuzzed, cookie: string, senderKey: string): Promise<number> {
	const url = new URL(input.path, baseUrl);
	for (const [k, v] of Object.entries(input.query)) url.searchParams.append(k, v);
	const headers: Record<string, string> = {};
	if (input.contentType) headers['content-type'] = input.contentType;
	if (input.accept) headers.accept = input.accept;
	if (input.enhanced) headers['x-sveltekit-action'] = 'true';
	if (input.origin !== 'none') headers.origin = input.origin === 'same' ? baseUrl : 'https://evil.example';
	if (input.auth === 'session') headers.cookie = cookie;
	if (input.auth === 'sender') headers.authorization = `Bearer ${senderKey}`;
	if (input.auth === 'garbage') {
		headers.authorization = 'Bearer pk_garbage';
		headers.cookie = 'postkasse_session=garbage; postkasse_login=%%%';
	}
	if (input.extraHeader) headers[input.extraHeader[0]] = input.extraHeader[1];
	const payload = ['GET', 'HEAD'].includes(input.method) ? '' : input.body;
	return new Promise((resolve, reject) => {
		const req = request(url, { method: input.method, headers, localAddress: '127.0.0.30' }, (res) => {
			resolve(res.statusCode ?? 0);
			res.destroy();
		});
		req.setTimeout(20_000, () => req.destroy(new Error(`no answer to ${input.method} ${url}`)));
		req.on('error', reject);
		req.end(payload);
	});
}

describe('malformed requests to every endpoint', () => {
	it('never answer 5xx, and the server keeps answering', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const cookie = session.jar.header();
		const senderKey = senderApiKey(dataDir, 'skat');
		const seen = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(fuzzed, async (input) => {
				const status = await send(input, cookie, senderKey);
				seen.set(status, (seen.get(status) ?? 0) + 1);
				expect(status, JSON.stringify(input)).toBeGreaterThanOrEqual(200);
				expect(status, JSON.stringify(input)).toBeLessThan(500);
			}),
			{ numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) }
		);
		// It ran through real answers, not just one kind of refusal.
		expect([...seen.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
		expect([...seen.keys()].filter((s) => s >= 400).length).toBeGreaterThan(2);
		expect((await fetch(new URL('/', baseUrl))).status).toBe(200);
		const fresh = await signedInCitizen(baseUrl, dataDir);
		expect((await pull(fresh.session, 'letters')).documents).toEqual([]);
	}, 240_000);
});
