/**
 * Precache manifest transform: files every entry under an offline pack (src/lib/pwa/offline-packs.ts) and
 * writes the URLs as the site serves them (as @vite-pwa/sveltekit's own transform does, which this replaces).
 *
 * - Pages and their __data.json → pages-<locale of the path>.
 * - Code and styles the public pages use → shell. Found from the prerendered HTML of every page outside
 *   /mail (its modulepreload and stylesheet links) and then the client chunk graph the locale-texts plugin
 *   wrote: static imports, dynamic imports (lazy components) and CSS, but not other routes' nodes.
 * - A group's texts in locale <l> → pages-<l> when the public pages load that group, else mail-<l>.
 * - Any other code or style (the mailbox, sign-in, settings) → mail.
 * - Other files at the site root (icons, manifest) → shell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	MAIL_PACK,
	SHELL_PACK,
	mailTextsPack,
	pagesPack,
	type PackEntry
} from '../../src/lib/pwa/offline-packs.ts';
import { isMailPage, splitLocale } from '../../src/lib/pwa/offline-routes.ts';
import type { ClientGraph } from './locale-texts.ts';

/** An entry as workbox-build hands it over: the path below the glob directory (.svelte-kit/output). */
interface BuildEntry {
	url: string;
	revision: string | null;
	size: number;
}

const IMMUTABLE = '_app/immutable/';
const NODES = `${IMMUTABLE}nodes/`;

/** `prerendered/pages/en/help.html` → `en/help`, `prerendered/pages/index.html` → `/`, `client/x` → `x`. */
export function publicUrl(path: string): string {
	if (path.startsWith('client/')) return path.slice('client/'.length);
	if (path.startsWith('prerendered/dependencies/')) return path.slice('prerendered/dependencies/'.length);
	if (path.startsWith('prerendered/pages/')) {
		const page = path.slice('prerendered/pages/'.length).replace(/\.html$/, '');
		return page === 'index' ? '/' : page.replace(/\/index$/, '');
	}
	return path;
}

/**
 * Files a prerendered page loads straight away: its modulepreload and stylesheet links, entry imports and
 * module scripts (the islands entry of pages without SvelteKit's client).
 */
export function filesInPage(html: string): string[] {
	const files = new Set<string>();
	for (const match of html.matchAll(/(?:href=|src=|import\()"\/(_app\/immutable\/[^"]+\.(?:js|css))"/g)) {
		files.add(match[1]!);
	}
	return [...files];
}

/** Everything the given files load, following the chunk graph, minus route nodes and text chunks. */
export function closure(
	roots: readonly string[],
	graph: ClientGraph
): { files: Set<string>; groups: Set<string> } {
	const files = new Set<string>();
	const groups = new Set<string>();
	const queue = [...roots];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (files.has(file)) continue;
		files.add(file);
		const chunk = graph.chunks[file];
		if (!chunk) continue;
		queue.push(...chunk.imports, ...chunk.assets);
		for (const target of chunk.dynamicImports) {
			const texts = graph.chunks[target]?.texts;
			if (texts) groups.add(texts.group);
			// Other routes are reached by navigating there; their own pages list them.
			else if (!target.startsWith(NODES)) queue.push(target);
		}
	}
	return { files, groups };
}

export function classify(
	entries: readonly BuildEntry[],
	graph: ClientGraph,
	readPage: (path: string) => string
) {
	const { locales, baseLocale } = graph;
	const localeOf = (url: string) => {
		const { prefix } = splitLocale(url.startsWith('/') ? url : `/${url}`, locales, baseLocale);
		return prefix ? prefix.slice(1) : baseLocale;
	};
	const publicPages = entries.filter(
		(e) => e.url.startsWith('prerendered/pages/') && !isMailPage(`/${publicUrl(e.url)}`, locales, baseLocale)
	);
	const { files: shell, groups: publicGroups } = closure(
		publicPages.flatMap((page) => filesInPage(readPage(page.url))),
		graph
	);

	return entries.map(({ url, revision, size }): PackEntry & { size: number } => {
		const path = publicUrl(url);
		let pack: string;
		if (url.startsWith('prerendered/')) {
			pack = pagesPack(localeOf(path));
		} else if (path.startsWith(IMMUTABLE)) {
			const texts = graph.chunks[path]?.texts;
			if (texts) pack = publicGroups.has(texts.group) ? pagesPack(texts.locale) : mailTextsPack(texts.locale);
			else pack = shell.has(path) ? SHELL_PACK : MAIL_PACK;
		} else {
			pack = SHELL_PACK;
		}
		return { url: path, revision, pack, size };
	});
}

/** The transform for `injectManifest.manifestTransforms`. */
export function offlinePacks(options: { graphFile: string; outputDir: string }) {
	return async (entries: BuildEntry[]) => {
		if (!existsSync(options.graphFile)) {
			throw new Error(`offline packs: ${options.graphFile} is missing (written by the locale-texts plugin)`);
		}
		const graph = JSON.parse(readFileSync(options.graphFile, 'utf8')) as ClientGraph;
		const manifest = classify(entries, graph, (path) => readFileSync(join(options.outputDir, path), 'utf8'));
		return { manifest, warnings: [] as string[] };
	};
}
