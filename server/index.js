// Postkasse's production entry (copied to build/index.js by server/adapter.js). It starts adapter-node's own
// server (build/kit-server.js: environment, listening, graceful shutdown) and, before any other handler,
// puts the security headers on every answer: static files and prerendered pages are served by adapter-node
// before the app's hooks run, so the hooks alone would miss them. A route that sets a header itself (the
// pages' Content-Security-Policy with its nonce, a letter file's own policy) overrides these defaults.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {typeof import('../src/lib/security/headers.js')} */
const headers = await import(new URL('./security-headers.js', import.meta.url).href);

/**
 * The Content-Security-Policy of each prerendered page, by URL path: SvelteKit writes it (with the hashes
 * of the page's inline scripts) into a <meta> tag, which cannot say frame-ancestors; the header says all.
 * @param {string} dir
 * @returns {Map<string, string>}
 */
function prerenderedPolicies(dir) {
	/** @type {Map<string, string>} */
	const policies = new Map();
	/** @type {string[]} */
	let files = [];
	try {
		files = /** @type {string[]} */ (readdirSync(dir, { recursive: true }));
	} catch {
		return policies; // nothing prerendered
	}
	for (const file of files) {
		if (!file.endsWith('.html')) continue;
		const html = readFileSync(join(dir, file), 'utf8');
		const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html)?.[1];
		if (!meta) continue;
		const policy = headers.prerenderedPageCsp(meta.replaceAll('&#39;', "'").replaceAll('&quot;', '"'));
		const path = `/${relative(dir, join(dir, file)).split(sep).join('/')}`;
		const route = path.replace(/(\/index)?\.html$/, '') || '/';
		for (const url of [path, route, route === '/' ? '/' : `${route}/`]) policies.set(url, policy);
	}
	return policies;
}

const policies = prerenderedPolicies(fileURLToPath(new URL('./prerendered', import.meta.url)));

/**
 * The app's icons (favicon, logo, install icons) by URL path. Their names are not hashed (the manifest and
 * people's bookmarks name them), so they cannot be cached for good like `_app/immutable`; a week spares a
 * slow line the check on every visit, and a changed icon still arrives within it. Only files that exist,
 * so an unknown path's 404 is never kept.
 * @param {string} dir
 * @returns {Set<string>}
 */
function iconPaths(dir) {
	try {
		return new Set(
			readdirSync(dir)
				.filter((name) =>
					/^(favicon\.(svg|ico)|logo\.svg|[\w-]*icon[\w-]*\.png|pwa-\d+x\d+\.png)$/.test(name)
				)
				.map((name) => `/${name}`)
		);
	} catch {
		return new Set();
	}
}

const icons = iconPaths(fileURLToPath(new URL('./client', import.meta.url)));
const iconCacheControl = 'public, max-age=604800';

/** @param {string | undefined} url */
function pathnameOf(url) {
	const path = (url ?? '/').split('?')[0] ?? '/';
	try {
		return decodeURIComponent(path);
	} catch {
		return path;
	}
}

/** @type {{ server: { server: import('node:http').Server } }} */
const kit = await import(new URL('./kit-server.js', import.meta.url).href);

// Runs before adapter-node's handler for each request, so what the handler writes later wins.
kit.server.server.prependListener('request', (req, res) => {
	for (const [name, value] of Object.entries(headers.baseHeaders)) res.setHeader(name, value);
	const pathname = pathnameOf(req.url);
	res.setHeader('content-security-policy', policies.get(pathname) ?? headers.resourceCsp);
	if (icons.has(pathname)) res.setHeader('cache-control', iconCacheControl);
});

export const { server } = kit;
