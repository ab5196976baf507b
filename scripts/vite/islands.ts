/**
 * Vite plugin: the islands bundle of the prerendered public pages (src/lib/islands/main.ts).
 *
 * Public pages render on the server without SvelteKit's client (`csr = false`), so they load no router and
 * no route table; the few parts that need the browser (language picker, help search, offline retry, the
 * wizard) are Svelte components that one small entry brings to life, and the install button and update
 * prompt are plain DOM the same entry wires. The entry is part of
 * SvelteKit's client build (same plugins, so texts stay per locale, and chunks shared with the mailbox are
 * shared), emitted with a hashed name under _app/immutable, and the file name and its static imports are
 * written to a JSON file the prerendering reads (src/lib/server/islands.ts), since SvelteKit builds the
 * server before the client.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';
import type { IslandsManifest } from '../../src/lib/islands/registry.ts';
import { browserBuildOnly, staticImportClosure } from './browser-build.ts';

export interface IslandsOptions {
	/** The entry module, e.g. src/lib/islands/main.ts */
	entry: string;
	/** Where to write `{ entry, imports }` (JSON), e.g. .svelte-kit/postkasse/islands.json */
	manifestFile: string;
}

const NAME = 'entry/islands';

export function islands(options: IslandsOptions): Plugin {
	let root = process.cwd();
	let manifest: IslandsManifest | undefined;
	return {
		name: 'postkasse-islands',
		...browserBuildOnly,
		configResolved(config) {
			root = config.root;
		},
		buildStart() {
			manifest = undefined;
			this.emitFile({ type: 'chunk', id: resolve(root, options.entry), name: NAME });
		},
		generateBundle(_options, bundle) {
			const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
			const entry = chunks.find((chunk) => chunk.isEntry && chunk.name === NAME);
			if (!entry) return this.error(`islands: the build emitted no ${NAME} chunk`);
			// Every chunk the entry needs before it runs, so the page can preload them all at once.
			const imports = staticImportClosure(bundle, entry.imports);
			manifest = { entry: entry.fileName, imports: [...imports] };
		},
		writeBundle() {
			if (!manifest) return;
			const file = resolve(root, options.manifestFile);
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file, `${JSON.stringify(manifest, null, '\t')}\n`);
		}
	};
}
