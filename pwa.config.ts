import type { SvelteKitPWAOptions } from '@vite-pwa/sveltekit';

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
		name: 'Postkasse',
		short_name: 'Postkasse',
		description: 'Din Digital Post – også uden internet.',
		lang: 'da',
		dir: 'ltr',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: '#12365c',
		background_color: '#ffffff',
		icons: []
	},
	injectManifest: {
		globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}', 'prerendered/**/*.{html,json}']
	},
	devOptions: { enabled: false }
};
