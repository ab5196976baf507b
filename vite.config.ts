import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defaultClientConditions, loadEnv, type Plugin } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { pwaOptions } from './pwa.config.ts';
import { islands } from './scripts/vite/islands.ts';
import { localeTexts } from './scripts/vite/locale-texts.ts';
import { mailChunk } from './scripts/vite/mail-chunk.ts';
import { readSupportConfig } from './src/lib/config/support-env.ts';
import { browserBuildOnly } from './scripts/vite/browser-build.ts';

/**
 * The support line, read once at build time from the same PUBLIC_ variables as $env/static/public (a wrong
 * value fails the build): the browser bundle gets the result, not the parsing (src/lib/config/support.ts).
 */
function supportConfig(): Plugin {
	return {
		name: 'postkasse-support-config',
		config: (_, { mode }) => ({
			define: {
				__SUPPORT_CONFIG__: JSON.stringify(readSupportConfig(loadEnv(mode, process.cwd(), 'PUBLIC_')))
			}
		})
	};
}

/**
 * RxDB's messages between tabs (the broadcast-channel package) fall back to IndexedDB or localStorage where a
 * browser has no BroadcastChannel. Every browser the build targets (Vite's default, baseline widely available)
 * has one, so the browser bundle leaves the fallbacks out (3 kB less on the mailbox's first load).
 */
function nativeBroadcastChannel(): Plugin {
	const none = '\0postkasse-no-broadcast-fallback';
	return {
		name: 'postkasse-native-broadcast-channel',
		...browserBuildOnly,
		enforce: 'pre',
		resolveId(source, importer) {
			const fallback = /^\.\/methods\/(indexed-db|localstorage)\.js$/.test(source);
			return fallback && importer?.includes('/node_modules/broadcast-channel/') ? none : null;
		},
		load: (id) =>
			id === none ? 'export const IndexedDBMethod = undefined, LocalstorageMethod = undefined;' : null
	};
}

/** The integration suite against the built server: on SQLite, or with `-pg` on a throwaway PostgreSQL. */
function integration(name: string): TestProjectInlineConfiguration {
	return {
		extends: true,
		test: {
			name,
			include: ['tests/integration/**/*.test.ts'],
			environment: 'node',
			globalSetup: ['tests/integration/global-setup.ts'],
			// One server for the whole run; files share it but each uses its own citizens.
			fileParallelism: false,
			// The two integration projects never run at the same time (2 cores; each has its own server).
			sequence: { groupOrder: name.endsWith('-pg') ? 1 : 0 },
			testTimeout: 30_000,
			hookTimeout: 180_000
		}
	};
}

export default defineConfig({
	define: {
		// The service worker is built by kit without Vite plugins; workbox reads NODE_ENV.
		'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production')
	},
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			emitTsDeclarations: true,
			// Locale lives in the URL so it works offline, where no server can redirect.
			strategy: ['url', 'baseLocale']
			// The API is kept out of the middleware in hooks.server.ts.
		}),
		// Browser build only: each page downloads the texts of its own locale (see scripts/vite/locale-texts.ts).
		localeTexts({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// Small prefixes the page frame uses on every page load together; the rest form a group each.
			groups: {
				shell: ['app', 'skip', 'nav', 'language', 'common', 'pwa'],
				// The mailbox's first screen uses texts of each of these (its menu links to sent post and settings,
				// its folders offer the export); a group of their own each costs a download more. Of the access
				// texts only the helper's switch and band, the requests banner and "written by" (letters, outbox);
				// the rest (the access pages) is a group of its own.
				mail: [
					'mail',
					'outbox',
					'sync',
					'sent',
					'export',
					'settings',
					'access_band',
					'access_switch',
					'access_ended_notice',
					'access_pending',
					'access_written_by'
				],
				account: ['auth', 'register']
			},
			graphFile: '.svelte-kit/postkasse/client-graph.json'
		}),
		// Browser build only: the islands entry of the public pages, which run without SvelteKit's client.
		islands({ entry: 'src/lib/islands/main.ts', manifestFile: '.svelte-kit/postkasse/islands.json' }),
		// Browser build only: the mailbox's first screen in one chunk rather than some 20 small ones.
		mailChunk({
			routes: 'src/routes/mail',
			outdir: './src/lib/paraglide',
			firstScreen: ['src/routes/mail/+layout.svelte', 'src/routes/mail/+page.svelte'],
			name: 'mail-first-screen'
		}),
		supportConfig(),
		nativeBroadcastChannel(),
		sveltekit(),
		SvelteKitPWA(pwaOptions)
	],
	resolve: {
		// The browser gets rxjs (RxDB's) in its ES2015 build rather than its ES5 one: classes and spreads instead of
		// tslib's helpers, 3 kB less on the mailbox. (rxjs is the only browser dependency with this condition.)
		conditions: ['es2015', ...defaultClientConditions],
		alias: [
			// Load the URLPattern polyfill only in browsers that lack URLPattern (saves 6 kB on every page).
			{
				find: '@inlang/paraglide-js/urlpattern-polyfill',
				replacement: fileURLToPath(new URL('./src/lib/i18n/urlpattern-polyfill.ts', import.meta.url))
			},
			// Dexie (under RxDB's storage) as an ES module rather than its pre-minified ES5 bundle, so the build
			// can leave out what RxDB never calls.
			{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }
		]
	},
	server: { host: '127.0.0.1' },
	preview: { host: '127.0.0.1' },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					// The storage layer on both engines; starts a throwaway PostgreSQL (scripts/postgres.js).
					name: 'storage',
					include: ['tests/storage/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/storage/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 120_000
				}
			},
			integration('integration'),
			// The same files against a throwaway PostgreSQL (DATABASE_URL), after the SQLite run.
			integration('integration-pg'),
			{
				extends: true,
				test: {
					// Several app processes on one throwaway PostgreSQL (issue 9): nudges, lockout, purge.
					name: 'cluster',
					include: ['tests/cluster/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/cluster/global-setup.ts'],
					sequence: { groupOrder: 2 },
					testTimeout: 60_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});
