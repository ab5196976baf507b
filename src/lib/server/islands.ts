// Where the islands entry of the public pages is (scripts/vite/islands.ts writes it during the client build,
// before the pages are prerendered). `vite dev` serves the entry's source.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { building, dev } from '$app/environment';
import type { IslandsManifest } from '$lib/islands/registry';

export const ISLANDS_MANIFEST = '.svelte-kit/postkasse/islands.json';

/** The entry's URL and the chunks to preload with it; null where no build made them (not while building). */
export function islandScripts(): IslandsManifest | null {
	if (dev) return { entry: '/src/lib/islands/main.ts', imports: [] };
	const file = resolve(ISLANDS_MANIFEST);
	if (!existsSync(file)) {
		if (building) throw new Error(`${ISLANDS_MANIFEST} is missing: the client build writes it`);
		return null;
	}
	const manifest = JSON.parse(readFileSync(file, 'utf8')) as IslandsManifest;
	return { entry: `/${manifest.entry}`, imports: manifest.imports.map((file) => `/${file}`) };
}
