import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { signedInCitizen, type HttpSession } from '../../fixtures/citizens';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

const truncatedMultipart = '--XX\r\nContent-Disposition: form-data; name="userId"\r\n\r\nanna';

/** The form actions a signed-in citizen can post to. */
const actions = [
	'/login?/password',
	'/login?/code',
	'/login?/cancel',
	'/register',
	'/settings?/optIns',
	'/logout'
];

function post(session: HttpSession, path: string, type: string | null, body: string, enhanced = false) {
	const headers: Record<string, string> = { accept: enhanced ? 'application/json' : 'text/html' };
	if (type) headers['content-type'] = type;
	if (enhanced) headers['x-sveltekit-action'] = 'true';
	return session.fetch(path, { method: 'POST', headers, body });
}

/**
 * A chunked body (no Content-Length) of `size` bytes, sent in pieces as a slow client would. The server
 * answers 413 and closes without reading the rest; the client, still sending, may then get a TCP reset that
 * throws away the answer before it is read (more likely on a busy machine). Such an attempt is repeated.
 */
async function postChunked(session: HttpSession, path: string, size: number): Promise<number> {
	for (let attempt = 0; attempt < 5; attempt++) {
		const status = await postChunkedOnce(session, path, size);
		if (status !== 'reset') return status;
	}
	throw new Error(`${path}: the connection was reset before any answer, five times`);
}

function postChunkedOnce(session: HttpSession, path: string, size: number): Promise<number | 'reset'> {
	return new Promise((resolve, reject) => {
		const req = request(new URL(path, baseUrl), {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin: baseUrl,
				cookie: `postkasse_session=${session.jar.get('postkasse_session')}`
			}
		});
		let answered = false;
		req.on('response', (res) => {
			answered = true;
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('error', (err) => {
			const reset = err.message.includes('EPIPE') || err.message.includes('ECONNRESET');
			if (!reset) reject(err);
			else if (!answered) req.once('close', () => resolve(answered ? 0 : 'reset'));
		});
		const piece = `a=${'x'.repeat(64 * 1024 - 2)}`;
		let sent = 0;
		const write = () => {
			while (sent < size) {
				sent += piece.length;
				if (!req.write(piece)) return void req.once('drain', write);
			}
			req.end();
		};
		write();
	});
}

describe('malformed form posts answer 400 or 413, never 500', () => {
	it('a body that is not a form, or a cut-off multipart body: 400', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		for (const path of actions) {
			for (const enhanced of [false, true]) {
				const plain = await post(session, path, 'text/plain', 'userId=anna', enhanced);
				expect(plain.status, `${path} text/plain`).toBe(400);
				const cut = await post(
					session,
					path,
					'multipart/form-data; boundary=XX',
					truncatedMultipart,
					enhanced
				);
				expect(cut.status, `${path} truncated multipart`).toBe(400);
				const json = await post(session, path, 'application/json', '{"userId":"anna"}', enhanced);
				expect(json.status, `${path} json`).toBe(400);
			}
		}
		// Still signed in: none of these did anything.
		expect((await session.fetch('/api/v1/session')).status).toBe(200);
	});

	it('a chunked form body over 1 MB: 413', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		expect(await postChunked(session, '/settings?/optIns', 2 * 1024 * 1024)).toBe(413);
		expect(await postChunked(session, '/login?/password', 2 * 1024 * 1024)).toBe(413);
		expect((await session.fetch('/api/v1/session')).status).toBe(200);
	});

	it('POST /logout?/default: 400, and the citizen stays signed in', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const res = await post(session, '/logout?/default', 'application/x-www-form-urlencoded', '');
		expect(res.status).toBe(400);
		expect((await session.fetch('/api/v1/session')).status).toBe(200);
	});
});

describe('writes come only from our own pages', () => {
	it('refuses POST /logout from another origin or site, with or without a form type', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const foreign: Record<string, string>[] = [
			{ origin: 'https://postkasse.evil.example' },
			{ origin: 'null' },
			{ origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }
		];
		for (const headers of foreign) {
			const res = await session.fetch('/logout', { method: 'POST', headers });
			expect(res.status, JSON.stringify(headers)).toBe(403);
		}
		// A browser that sends no Origin still says where the request came from.
		const sameSite = await fetch(new URL('/logout', baseUrl), {
			method: 'POST',
			headers: {
				'sec-fetch-site': 'same-site',
				cookie: `postkasse_session=${session.jar.get('postkasse_session')}`
			}
		});
		expect(sameSite.status).toBe(403);
		expect((await session.fetch('/api/v1/session')).status).toBe(200);
		// From our own page (the sign-out form) it signs out.
		const own = await session.fetch('/logout', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: ''
		});
		expect(own.status).toBe(303);
		expect((await session.fetch('/api/v1/session')).status).toBe(401);
	});

	it('refuses a cross-site sync push, but lets senders call their API from anywhere', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const push = await session.fetch('/api/sync/v1/letters/push?v=0', {
			method: 'POST',
			headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
			body: JSON.stringify({ rows: [] })
		});
		expect(push.status).toBe(403);
		expect(await push.json()).toMatchObject({ error: 'forbidden' });
		const sender = await fetch(new URL('/api/v1/messages', baseUrl), {
			method: 'POST',
			headers: { origin: 'https://sender.example', 'content-type': 'application/json' },
			body: '{}'
		});
		expect(sender.status).toBe(401); // no key: refused for that reason, not for its origin
	});
});
