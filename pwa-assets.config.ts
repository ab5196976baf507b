import { defineConfig } from '@vite-pwa/assets-generator/config';

// One-off: `npx pwa-assets-generator` turns static/logo.svg into the committed PNG icons.
// Separate `any` and `maskable` icons at 192 and 512 px; maskable ones get the brand colour as safe-zone padding.
export default defineConfig({
	headLinkOptions: { preset: '2023' },
	preset: {
		transparent: { sizes: [64, 192, 512], favicons: [[48, 'favicon.ico']] },
		maskable: { sizes: [192, 512], padding: 0.1, resizeOptions: { background: '#12365c' } },
		apple: { sizes: [180], padding: 0.1, resizeOptions: { background: '#12365c' } }
	},
	images: ['static/logo.svg']
});
