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
		prerender: {
			// Every locale root, so the crawler reaches each locale's public pages.
			entries: ['*', ...locales.filter((l) => l !== baseLocale).map((l) => `/${l}`)]
		}
	}
};

export default config;
