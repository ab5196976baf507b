import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

/** max-age in seconds from a cache-control header; 0 when there is none. */
function maxAge(res: Response): number {
	return Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1] ?? 0);
}

describe('how long a browser may keep what the server sends', () => {
	it('icons for a week, so a slow line is not asked about them on every visit', async () => {
		for (const path of ['/favicon.svg', '/apple-touch-icon-180x180.png', '/pwa-192x192.png']) {
			const res = await fetch(new URL(path, baseUrl));
			expect(res.status, path).toBe(200);
			expect(res.headers.get('cache-control'), path).toBe('public, max-age=604800');
		}
	});

	it('pages, the manifest and the worker script are checked with the server every time', async () => {
		for (const path of ['/', '/en/help', '/manifest.webmanifest', '/service-worker.js']) {
			const res = await fetch(new URL(path, baseUrl));
			expect(res.status, path).toBe(200);
			expect(maxAge(res), path).toBe(0);
		}
	});

	it('an icon-like path that does not exist is not kept', async () => {
		const res = await fetch(new URL('/pwa-1x1.png', baseUrl));
		expect(res.status).toBe(404);
		expect(maxAge(res)).toBe(0);
	});
});
