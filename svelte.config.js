import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

const { baseLocale, locales } = JSON.parse(
	readFileSync(new URL('./project.inlang/settings.json', import.meta.url), 'utf8')
);

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Absolute asset URLs: the service worker serves the prerendered /mail shell for every URL below /mail
		// offline, and relative ones (../_app) would then point into /mail/letter/_app.
		paths: { relative: false },
		// @vite-pwa/sveltekit registers the worker itself (virtual:pwa-register).
		serviceWorker: { register: false },
		// The same Origin check on form posts runs in src/lib/server/csrf.ts (first hook), which can allow
		// RFC 8058 one-click unsubscribe posts from mail providers; SvelteKit's own check cannot.
		csrf: { trustedOrigins: ['*'] },
		prerender: {
			// Every locale root, so the crawler reaches each locale's public pages; the offline page is linked
			// from nowhere (the service worker serves it), so each locale's copy is listed too.
			entries: ['*', ...locales.filter((l) => l !== baseLocale).flatMap((l) => [`/${l}`, `/${l}/offline`])]
		}
	}
};

export default config;
