import type { SvelteKitPWAOptions } from '@vite-pwa/sveltekit';
import { offlinePacks } from './scripts/vite/offline-packs.ts';

/** Brand colours; the page's <meta name="theme-color"> and background use the same values. */
export const themeColor = '#12365c';
export const backgroundColor = '#ffffff';

const icon = (src: string, size: number, purpose: 'any' | 'maskable') => ({
	src: `/${src}`,
	sizes: `${size}x${size}`,
	type: 'image/png',
	purpose
});

/** PWA options: the manifest and how the injectManifest worker is built. */
export const pwaOptions: Partial<SvelteKitPWAOptions> = {
	// Absolute worker URL and scope, or /en/help would register /en/service-worker.js.
	base: '/',
	scope: '/',
	strategies: 'injectManifest',
	srcDir: 'src',
	filename: 'service-worker.ts',
	registerType: 'prompt',
	injectRegister: false,
	manifest: {
		id: '/',
		name: 'Postkasse – Digital Post',
		short_name: 'Postkasse',
		description: 'Læs din Digital Post – også uden internet. Hjælp og fritagelsestjek på syv sprog.',
		lang: 'da',
		dir: 'ltr',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		orientation: 'any',
		theme_color: themeColor,
		background_color: backgroundColor,
		categories: ['productivity', 'utilities'],
		// Icons made once from static/logo.svg by `npx pwa-assets-generator` (pwa-assets.config.ts).
		icons: [
			icon('pwa-192x192.png', 192, 'any'),
			icon('pwa-512x512.png', 512, 'any'),
			icon('maskable-icon-192x192.png', 192, 'maskable'),
			icon('maskable-icon-512x512.png', 512, 'maskable')
		],
		shortcuts: [
			{
				name: 'Indbakke',
				short_name: 'Indbakke',
				description: 'Læs din post',
				url: '/mail',
				icons: [icon('pwa-192x192.png', 192, 'any')]
			},
			{
				name: 'Tjek om du kan blive fritaget',
				short_name: 'Fritagelse',
				description: 'Kan du blive fritaget for Digital Post?',
				url: '/exemption',
				icons: [icon('pwa-192x192.png', 192, 'any')]
			},
			{
				name: 'Hjælp',
				short_name: 'Hjælp',
				description: 'Svar på de mest almindelige spørgsmål',
				url: '/help',
				icons: [icon('pwa-192x192.png', 192, 'any')]
			}
		]
	},
	injectManifest: {
		// Every entry must start with client/ or prerendered/, or server files would be precached.
		globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}', 'prerendered/**/*.{html,json}'],
		// Files every entry under an offline pack; the worker downloads the packs the reader needs, when needed.
		manifestTransforms: [
			offlinePacks({ graphFile: '.svelte-kit/postkasse/client-graph.json', outputDir: '.svelte-kit/output' })
		]
	},
	devOptions: { enabled: false }
};
