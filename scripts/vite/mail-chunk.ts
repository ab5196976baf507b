/**
 * Vite plugin: the mailbox's first screen in one chunk.
 *
 * Rolldown puts each module into a chunk shared by exactly the routes that use it, so the mailbox's first
 * screen (the mail layout and the inbox) came in some 20 small chunks: single texts, helpers, the folder
 * view, each shared with a different set of other mail pages. Every file costs its own gzip frame, import
 * lines and a compression context of its own. This plugin gathers the modules the first screen loads that
 * nothing outside the mailbox uses into one chunk (a `codeSplitting` group), so the public pages, sign-in
 * and settings load no more than before, and other mail pages load the chunk with the mail layout, as they
 * load the layout anyway. The build fails if a page outside the mailbox would load it.
 *
 * "Outside the mailbox" is any entry of the build (route nodes, the islands entry, SvelteKit's entries, and
 * each dynamically imported module) that is not a mail route's node or a module only the mailbox imports
 * dynamically. Nothing outside the mailbox imports the group (it holds only modules they cannot reach), and
 * every dependency of the group that the mailbox alone uses is in it, so no chunk cycle can arise.
 */
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { browserBuildOnly, staticImportClosure } from './browser-build.ts';

export interface MailChunkOptions {
	/** Routes of the mailbox, e.g. src/routes/mail/ */
	routes: string;
	/** Paraglide's output directory, e.g. ./src/lib/paraglide */
	outdir: string;
	/** The first screen's route files, e.g. the mail layout and the inbox page. */
	firstScreen: string[];
	/** The chunk's name (its file name is a hash, as every chunk's). */
	name: string;
}

/** A module's links as the plugin needs them (from Rolldown's module info). */
export interface GraphModule {
	id: string;
	isEntry: boolean;
	importedIds: readonly string[];
	dynamicImporters: readonly string[];
}

/**
 * The message modules a module uses. Everything imports paraglide's barrel (`import { m } from
 * '$lib/paraglide/messages'`), which re-exports every message, so the module graph says every page uses
 * every text; the bundle keeps only the ones a module names (`m.<name>`). null when the module imports the
 * barrel under another name or reads it by computed key: then it may use any message.
 */
export function namedMessages(code: string | null, messagesDir: string): string[] | null {
	if (!code || !/import\s*\{\s*m\s*\}\s*from/.test(code) || /\bm\s*\[/.test(code)) return null;
	return [...new Set([...code.matchAll(/\bm\.([A-Za-z_$][\w$]*)/g)].map((match) => match[1]!))].map(
		(name) => `${messagesDir}${name}.js`
	);
}

const NODE = /\/generated\/client-optimized\/nodes\/\d+\.js$/;

/**
 * The modules to gather: statically loaded by the first screen's route nodes and by nothing outside the
 * mailbox. The route nodes themselves stay entries (SvelteKit loads them by name). Also returns the
 * mailbox's entries (its route nodes and what only the mailbox imports dynamically).
 */
export function firstScreenModules(
	modules: ReadonlyMap<string, GraphModule>,
	isMailRoute: (id: string) => boolean,
	isFirstScreen: (id: string) => boolean
): { gathered: Set<string>; mailbox: Set<string> } {
	const roots = [...modules.values()].filter((m) => m.isEntry || m.dynamicImporters.length > 0);
	const reach = (root: string) => {
		const seen = new Set<string>();
		const queue = [root];
		while (queue.length > 0) {
			const id = queue.pop()!;
			if (seen.has(id)) continue;
			seen.add(id);
			queue.push(...(modules.get(id)?.importedIds ?? []));
		}
		return seen;
	};
	const reached = new Map(roots.map((root) => [root.id, reach(root.id)]));
	// Which roots load each module statically.
	const rootsOf = new Map<string, string[]>();
	for (const [root, ids] of reached) {
		for (const id of ids) {
			const owners = rootsOf.get(id);
			if (owners) owners.push(root);
			else rootsOf.set(id, [root]);
		}
	}

	const isNode = (id: string) => NODE.test(id);
	const nodeOf = (test: (id: string) => boolean) => (root: GraphModule) =>
		isNode(root.id) && root.importedIds.some(test);
	// The mailbox: its route nodes, and then every module only the mailbox imports dynamically.
	const mailbox = new Set(roots.filter(nodeOf(isMailRoute)).map((root) => root.id));
	for (let grown = true; grown;) {
		grown = false;
		for (const root of roots) {
			if (mailbox.has(root.id) || root.dynamicImporters.length === 0 || isNode(root.id)) continue;
			const importers = root.dynamicImporters.flatMap((id) => rootsOf.get(id) ?? [id]);
			if (importers.every((id) => mailbox.has(id))) {
				mailbox.add(root.id);
				grown = true;
			}
		}
	}

	const gathered = new Set<string>();
	for (const root of roots.filter(nodeOf(isFirstScreen))) {
		for (const id of reached.get(root.id) ?? []) {
			if (isNode(id)) continue;
			if ((rootsOf.get(id) ?? []).every((owner) => mailbox.has(owner))) gathered.add(id);
		}
	}
	return { gathered, mailbox };
}

export function mailChunk(options: MailChunkOptions): Plugin {
	let root = process.cwd();
	let gathered = new Set<string>();
	let mailbox = new Set<string>();
	return {
		name: 'postkasse-mail-chunk',
		...browserBuildOnly,
		configResolved(config) {
			root = config.root;
		},
		options(input) {
			// Rolldown asks for this when a group leaves its dependencies in other chunks: an entry chunk (a route
			// node) may then export more than its module does. SvelteKit reads only the exports it knows.
			return input.preserveEntrySignatures === 'strict'
				? { ...input, preserveEntrySignatures: 'allow-extension' }
				: null;
		},
		buildEnd() {
			const routes = resolve(root, options.routes) + '/';
			const firstScreen = new Set(options.firstScreen.map((file) => resolve(root, file)));
			const outdir = resolve(root, options.outdir);
			const barrels = new Set([join(outdir, 'messages.js'), join(outdir, 'messages', '_index.js')]);
			const messagesDir = join(outdir, 'messages') + '/';
			const modules = new Map<string, GraphModule>();
			for (const id of this.getModuleIds()) {
				const info = this.getModuleInfo(id);
				if (!info) continue;
				const importedIds = info.importedIds.flatMap((imported) =>
					barrels.has(imported) ? (namedMessages(info.code, messagesDir) ?? [imported]) : [imported]
				);
				modules.set(id, {
					id,
					isEntry: info.isEntry,
					importedIds,
					dynamicImporters: info.dynamicImporters
				});
			}
			({ gathered, mailbox } = firstScreenModules(
				modules,
				(id) => id.startsWith(routes),
				(id) => firstScreen.has(id)
			));
		},
		generateBundle(_options, bundle) {
			// The promise to the other pages, checked on the result: none of them loads the chunk.
			const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
			const gatheredChunk = chunks.find((chunk) => chunk.moduleIds.some((id) => gathered.has(id)));
			if (!gatheredChunk) return;
			for (const entry of chunks) {
				if (!entry.facadeModuleId || mailbox.has(entry.facadeModuleId)) continue;
				if (staticImportClosure(bundle, entry.imports).has(gatheredChunk.fileName)) {
					this.error(`mail-chunk: ${entry.facadeModuleId} would load the mailbox's first screen`);
				}
			}
		},
		outputOptions(output) {
			// A build without code splitting (the service worker) has nothing to gather.
			if (output.codeSplitting === false || output.format === 'iife') return null;
			const splitting = typeof output.codeSplitting === 'object' ? output.codeSplitting : {};
			return {
				...output,
				codeSplitting: {
					...splitting,
					groups: [
						...(splitting.groups ?? []),
						{
							name: options.name,
							test: (id: string) => gathered.has(id),
							// The set is closed already: its dependencies outside it are shared with other pages and
							// stay where they are.
							includeDependenciesRecursively: false
						}
					]
				}
			};
		}
	};
}
