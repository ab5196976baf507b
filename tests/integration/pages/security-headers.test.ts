import { createHash } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, signedInCitizen } from '../../fixtures/citizens';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

function expectBaseHeaders(res: Response, frame: 'DENY' | 'SAMEORIGIN' = 'DENY') {
	expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	expect(res.headers.get('referrer-policy')).toBe('same-origin');
	expect(res.headers.get('x-frame-options')).toBe(frame);
	expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
}

/** The parts of a policy, by directive. */
function directives(policy: string | null): Record<string, string[]> {
	expect(policy, 'content-security-policy').toBeTruthy();
	return Object.fromEntries(
		policy!
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...values]) => [name!, values])
	);
}

function expectPagePolicy(policy: string | null) {
	const csp = directives(policy);
	expect(csp['default-src']).toEqual(["'self'"]);
	expect(csp['script-src']![0]).toBe("'self'");
	// Beyond 'self' only hashes of our inline scripts or a nonce: never 'unsafe-inline' or another host.
	for (const source of csp['script-src']!.slice(1))
		expect(source).toMatch(/^'(sha256-[\w+/=]+|nonce-[\w+/=]+)'$/);
	expect(csp['object-src']).toEqual(["'none'"]);
	expect(csp['base-uri']).toEqual(["'none'"]);
	expect(csp['frame-ancestors']).toEqual(["'none'"]);
	expect(csp['connect-src']).toEqual(["'self'"]);
	expect(csp['worker-src']).toEqual(["'self'"]);
	expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
	expect(csp['media-src']).toEqual(["'none'"]);
	return csp;
}

/** Every inline script of a page is allowed by a hash in its policy (prerendered) or carries its nonce. */
function expectInlineScriptsAllowed(html: string, csp: Record<string, string[]>) {
	const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)];
	expect(scripts.length).toBeGreaterThan(0);
	for (const [, attributes, body] of scripts) {
		const hash = `'sha256-${createHash('sha256').update(body!).digest('base64')}'`;
		const nonce = /nonce="([^"]+)"/.exec(attributes!)?.[1];
		expect(
			csp['script-src']!.includes(hash) || (!!nonce && csp['script-src']!.includes(`'nonce-${nonce}'`))
		).toBe(true);
	}
}

describe('security headers on every kind of answer', () => {
	it('prerendered pages: the full policy in a header (with frame-ancestors), hashes for their inline scripts', async () => {
		for (const path of [
			'/',
			'/en/help',
			'/help/what-is-digital-post',
			'/exemption',
			'/mail',
			'/ar/offline'
		]) {
			const res = await fetch(new URL(path, baseUrl));
			expect(res.status, path).toBe(200);
			expectBaseHeaders(res);
			const csp = expectPagePolicy(res.headers.get('content-security-policy'));
			expect(csp['script-src']!.some((s) => s.startsWith("'nonce-"))).toBe(false);
			expectInlineScriptsAllowed(await res.text(), csp);
		}
	});

	it('server-rendered pages: the policy with a fresh nonce each time', async () => {
		const first = await fetch(new URL('/login', baseUrl));
		const second = await fetch(new URL('/en/login', baseUrl));
		for (const res of [first, second]) {
			expectBaseHeaders(res);
			expectInlineScriptsAllowed(
				await res.text(),
				expectPagePolicy(res.headers.get('content-security-policy'))
			);
		}
		expect(first.headers.get('content-security-policy')).not.toBe(
			second.headers.get('content-security-policy')
		);
		const missing = await fetch(new URL('/no-such-page', baseUrl));
		expect(missing.status).toBe(404);
		expectBaseHeaders(missing);
		expectPagePolicy(missing.headers.get('content-security-policy'));
	});

	it('API answers, redirects, static files and the service worker: a strict policy, never framed', async () => {
		const answers = [
			await fetch(new URL('/api/v1/session', baseUrl)),
			await fetch(new URL('/api/v1/messages', baseUrl), { method: 'POST' }),
			await fetch(new URL('/logout', baseUrl), { method: 'POST', headers: { origin: baseUrl } }),
			await fetch(new URL('/favicon.svg', baseUrl)),
			await fetch(new URL('/service-worker.js', baseUrl)),
			await fetch(new URL('/manifest.webmanifest', baseUrl)),
			await fetch(new URL('/_app/version.json', baseUrl))
		];
		for (const res of answers) {
			expectBaseHeaders(res);
			const csp = directives(res.headers.get('content-security-policy'));
			expect(csp['default-src'], res.url).toEqual(["'self'"]);
			expect(csp['frame-ancestors']).toEqual(["'none'"]);
			expect(csp['object-src']).toEqual(["'none'"]);
		}
	});

	it("letter files: our own pages may frame them, no one else, and a letter's HTML is sandboxed", async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const input = letterInput(citizen.cpr);
		input.mainDocument.files = [
			{
				encodingFormat: 'application/pdf',
				filename: 'brev.pdf',
				content: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64')
			},
			{
				encodingFormat: 'text/html',
				filename: 'brev.html',
				content: Buffer.from('<p>Hej</p>').toString('base64')
			}
		];
		expect((await deliverLetter(baseUrl, dataDir, input)).status).toBe(201);
		const pull = await session.fetch(
			`/api/sync/v1/letters/pull?checkpoint=0&limit=10&v=${schemaVersions.letters}`
		);
		const [letter] = ((await pull.json()) as { documents: { documents: { files: { id: string }[] }[] }[] })
			.documents;
		const [pdf, html] = letter!.documents[0]!.files;
		const pdfAnswer = await session.fetch(`/api/v1/files/${pdf!.id}`);
		expect(pdfAnswer.status).toBe(200);
		expectBaseHeaders(pdfAnswer, 'SAMEORIGIN');
		expect(directives(pdfAnswer.headers.get('content-security-policy'))['frame-ancestors']).toEqual([
			"'self'"
		]);
		const htmlAnswer = await session.fetch(`/api/v1/files/${html!.id}`);
		const csp = directives(htmlAnswer.headers.get('content-security-policy'));
		expect(csp.sandbox).toEqual([]);
		expect(csp['default-src']).toEqual(["'none'"]);
		expect(csp['img-src']).toEqual(['data:']);
	});
});
