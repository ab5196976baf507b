import { describe, expect, it } from 'vitest';
import { closure, filesInPage } from '../../../scripts/vite/offline-packs';
import type { ClientGraph } from '../../../scripts/vite/locale-texts';

// A prerendered public page as the build writes it: no SvelteKit client, one islands entry (a module
// script) and its static imports as modulepreload links.
const page = `<!doctype html><html><head>
<link rel="modulepreload" href="/_app/immutable/chunks/svelte.js"/>
<script type="module" src="/_app/immutable/chunks/islands.js"></script>
<link href="/_app/immutable/assets/0.css" rel="stylesheet">
<script src="https://example.org/_app/immutable/chunks/other.js"></script>
</head><body></body></html>`;

const graph: ClientGraph = {
	baseLocale: 'da',
	locales: ['da', 'en'],
	chunks: {
		'_app/immutable/chunks/islands.js': {
			imports: ['_app/immutable/chunks/svelte.js'],
			dynamicImports: ['_app/immutable/chunks/wizard.js', '_app/immutable/chunks/texts-en.js'],
			assets: []
		},
		'_app/immutable/chunks/svelte.js': { imports: [], dynamicImports: [], assets: [] },
		'_app/immutable/chunks/wizard.js': {
			imports: ['_app/immutable/chunks/svelte.js'],
			dynamicImports: [],
			assets: ['_app/immutable/assets/wizard.css']
		},
		'_app/immutable/chunks/texts-en.js': {
			imports: [],
			dynamicImports: [],
			assets: [],
			texts: { group: 'shell', locale: 'en' }
		}
	}
};

describe('the shell pack of pages without SvelteKit’s client', () => {
	it('finds the islands entry (a module script) beside links, and nothing from another origin', () => {
		expect(filesInPage(page).sort()).toEqual([
			'_app/immutable/assets/0.css',
			'_app/immutable/chunks/islands.js',
			'_app/immutable/chunks/svelte.js'
		]);
	});

	it('keeps what the islands load later (the wizard, its styles) and notes their text groups', () => {
		const { files, groups } = closure(filesInPage(page), graph);
		expect([...files].sort()).toEqual([
			'_app/immutable/assets/0.css',
			'_app/immutable/assets/wizard.css',
			'_app/immutable/chunks/islands.js',
			'_app/immutable/chunks/svelte.js',
			'_app/immutable/chunks/wizard.js'
		]);
		expect([...groups]).toEqual(['shell']);
	});
});
