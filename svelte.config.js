import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from './server/adapter.js';
import { pageCspDirectives } from './src/lib/security/headers.js';
import { rememberedLocaleScriptSource } from './src/lib/i18n/remembered-locale-script.js';
import { installCaptureScriptSource } from './src/lib/pwa/install-capture-script.js';

const { baseLocale, locales } = JSON.parse(
	readFileSync(new URL('./project.inlang/settings.json', import.meta.url), 'utf8')
);

/** @param {string} script */
const sha256 = (script) => `sha256-${createHash('sha256').update(script).digest('base64')}`;
// Our inline scripts (HeadScript.svelte in the root layout); SvelteKit hashes or nonces its own.
const inlineScripts = [
	rememberedLocaleScriptSource(locales.filter((/** @type {string} */ l) => l !== baseLocale)),
	installCaptureScriptSource()
];

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Absolute asset URLs: the service worker serves the prerendered /mail shell for every URL below /mail
		// offline, and relative ones (../_app) would then point into /mail/letter/_app.
		paths: { relative: false },
		// Every stylesheet a page needs goes into its HTML (one <style>): on a slow line each linked stylesheet
		// costs a round trip before the first paint. style-src already allows inline styles (for Svelte's style
		// attributes), so the policy is unchanged. Public pages' CSS is a few kB; the bench watches the bytes.
		inlineStyleThreshold: Infinity,
		// @vite-pwa/sveltekit registers the worker itself (virtual:pwa-register).
		serviceWorker: { register: false },
		// The same Origin check on form posts runs in src/lib/server/csrf.ts (first hook), which can allow
		// RFC 8058 one-click unsubscribe posts from mail providers; SvelteKit's own check cannot.
		csrf: { trustedOrigins: ['*'] },
		// Nonces on server-rendered pages, hashes (in a <meta>, repeated in a header by server/index.js) on
		// prerendered ones. The directives live in src/lib/security/headers.js.
		csp: {
			mode: 'auto',
			directives: /** @type {import('@sveltejs/kit').CspDirectives} */ (
				pageCspDirectives(inlineScripts.map(sha256))
			)
		},
		prerender: {
			// Every locale root, so the crawler reaches each locale's public pages; the offline page is linked
			// from nowhere (the service worker serves it), so each locale's copy is listed too.
			entries: ['*', ...locales.filter((l) => l !== baseLocale).flatMap((l) => [`/${l}`, `/${l}/offline`])]
		}
	}
};

export default config;
