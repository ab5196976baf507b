// Security headers: one module for every place that answers — the app's hooks (server-rendered pages and
// API), the production entry (build/index.js: static and prerendered files, which adapter-node serves before
// the hooks run), svelte.config.js (the pages' Content-Security-Policy) and the service worker.
// Plain JavaScript, so the build step and the production entry can load it without a compiler.

/** On every answer. A route that sets one of these itself keeps its own (letter files may be framed by us). */
export const baseHeaders = {
	'x-content-type-options': 'nosniff',
	// Letters' URLs (file ids, letter ids) never leave in a Referer header to other sites.
	'referrer-policy': 'same-origin',
	// No other site may frame a page of ours (clickjacking); CSP frame-ancestors says the same to new browsers.
	'x-frame-options': 'DENY',
	// Powerful features the app never uses, off for every page and anything a letter could bring along.
	'permissions-policy':
		'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()'
};

/**
 * The pages' policy, given to SvelteKit (kit.csp), which adds a nonce (server-rendered pages) or the hashes of
 * its inline scripts (prerendered pages). Nothing loads from another origin: letters, images and files are
 * the app's own or inline (data:/blob:), media never loads, and no page can be framed or change its base URL.
 * Styles allow 'unsafe-inline' for Svelte's style attributes and transitions; letter HTML never has styles.
 * @param {string[]} scriptHashes hashes of our own inline scripts, as 'sha256-…'
 * @returns {Record<string, string[]>}
 */
export function pageCspDirectives(scriptHashes) {
	return {
		'default-src': ['self'],
		'script-src': ['self', ...scriptHashes],
		'style-src': ['self', 'unsafe-inline'],
		'img-src': ['self', 'data:', 'blob:'],
		'font-src': ['self'],
		'connect-src': ['self'],
		'media-src': ['none'],
		'object-src': ['none'],
		// The PDF viewer shows the citizen's own letter files in a frame.
		'frame-src': ['self'],
		'worker-src': ['self'],
		'manifest-src': ['self'],
		'form-action': ['self'],
		'base-uri': ['none'],
		'frame-ancestors': ['none']
	};
}

/**
 * frame-ancestors has no effect in a <meta> policy: a prerendered page's header carries it beside the rest.
 * @param {string} metaPolicy
 */
export function prerenderedPageCsp(metaPolicy) {
	return `${metaPolicy}; frame-ancestors 'none'`;
}

/** For answers that are not pages (JSON, scripts, styles, images): nothing but our own origin, never framed. */
export const resourceCsp =
	"default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
