/**
 * Vite plugin: messages per locale in the browser build.
 *
 * Paraglide compiles each message into a module holding all seven languages, so every page carried its texts
 * seven times. Its own answers to this do not fit a SvelteKit app with client-side navigation and a service
 * worker (measured, see README "Small pages"): `locale-modules` bundles every message of every locale,
 * `experimentalMiddlewareLocaleSplitting` injects texts into server-rendered HTML only (client navigation finds
 * none), and `experimentalPerLocaleBuild` rejects SvelteKit's build. So, in the client build only:
 *
 * - each message module becomes `message(<position>)`: a function that looks its text up by position in
 *   the texts of its group, in the page's locale (or the one passed as `options.locale`);
 * - `message` comes from a group module (one per key prefix, or a configured set of prefixes) that awaits,
 *   at its top level, the group's texts in the page's locale (`src/lib/i18n/locale-texts.ts`);
 * - each group has one module per locale: an array of that locale's texts (plain strings, or paraglide's
 *   compiled function where a message has inputs), which Rolldown emits as its own chunk.
 *
 * The server build, prerendering, `vite dev` and the tests keep paraglide's modules unchanged.
 * The plugin also writes the client chunk graph (which chunk imports which, which chunk holds which locale's
 * texts) for the service worker's offline packs (scripts/vite/offline-packs.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import nodeFs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compileBundle } from '@inlang/paraglide-js';
import { loadProjectFromDirectory, selectBundleNested } from '@inlang/sdk';
import type { Plugin } from 'vite';
import { browserBuildOnly } from './browser-build.ts';

export interface LocaleTextsOptions {
	/** The inlang project, e.g. ./project.inlang */
	project: string;
	/** Paraglide's output directory, e.g. ./src/lib/paraglide */
	outdir: string;
	/**
	 * Named groups of key prefixes that load together (prefixes not listed form a group each). A prefix is
	 * whole words of the key (`access` or `access_switch`); the longest listed prefix of a key decides.
	 */
	groups?: Record<string, string[]>;
	/** Where to write the client chunk graph (JSON). */
	graphFile: string;
}

/** A chunk of the client build as the offline packs need it. */
export interface GraphChunk {
	imports: string[];
	dynamicImports: string[];
	/** CSS and other assets the chunk loads. */
	assets: string[];
	/** Set on chunks that hold one group's texts in one locale. */
	texts?: { group: string; locale: string };
}

export interface ClientGraph {
	baseLocale: string;
	locales: string[];
	chunks: Record<string, GraphChunk>;
}

export interface CompiledMessage {
	/** The export name paraglide gives the message (a safe identifier). */
	name: string;
	/** The key as written in messages/<locale>.json, when it differs from `name`. */
	key: string;
	group: string;
	/** Names of the message's inputs ({count}, {date}, …). */
	inputs: string[];
	/** The message function's source, per locale. */
	code: Record<string, string>;
}

export interface CompiledTexts {
	baseLocale: string;
	locales: string[];
	messages: Map<string, CompiledMessage>;
}

const VIRTUAL = 'virtual:locale-texts/';
const RESOLVED = '\0locale-texts/';

/**
 * The group a message key belongs to: the named group that lists the longest prefix of the key (whole
 * words: `access_switch` is a prefix of `access_switch_own`, not of `access_switches`), else the key's
 * first word.
 */
export function groupOf(key: string, groups: Record<string, string[]> = {}): string {
	const words = key.split('_');
	for (let length = words.length; length > 0; length--) {
		const prefix = words.slice(0, length).join('_');
		for (const [name, prefixes] of Object.entries(groups)) if (prefixes.includes(prefix)) return name;
	}
	return words[0] ?? key;
}

// Paraglide's message functions call these helpers for plurals, numbers and dates; each locale module gets
// its own copy of the ones it uses, so no chunk is shared between locales.
const registryHelpers: Record<string, string> = {
	plural: '(locale, input, options) => new Intl.PluralRules(locale, options).select(Number(input))',
	number: '(locale, input, options) => new Intl.NumberFormat(locale, options).format(Number(input))',
	datetime: '(locale, input, options) => new Intl.DateTimeFormat(locale, options).format(new Date(input))',
	relativetime:
		'(locale, input, { unit, ...options }) => new Intl.RelativeTimeFormat(locale, options).format(Number(input), unit)'
};

/**
 * A message's text when it is the same whatever the inputs (most are): the plain string, so the locale
 * module holds text rather than a function; else null.
 */
function constantText(message: CompiledMessage, code: string): string | null {
	if (message.inputs.length > 0) return null;
	try {
		const text = new Function(`return (${code})`)()() as unknown;
		return typeof text === 'string' ? text : null;
	} catch {
		return null;
	}
}

/**
 * Source of the module holding one group's messages in one locale: one array, in the group's order (the
 * message functions look their text up by position, so no key names travel to the browser), with a plain
 * string for each message without inputs and paraglide's compiled function for the others.
 */
export function localeModuleSource(messages: CompiledMessage[], locale: string, baseLocale: string): string {
	const items = messages.map((message) => {
		// Paraglide writes each function as a statement (`… => { … };`); here it is an array element.
		const code = (message.code[locale] ?? message.code[baseLocale])?.trim().replace(/;$/, '');
		if (!code) throw new Error(`locale-texts: ${message.key} has no text in ${locale} or ${baseLocale}`);
		const text = constantText(message, code);
		return text === null ? code : JSON.stringify(text);
	});
	const body = `export default [\n${items.join(',\n')}\n];\n`;
	const used = new Set([...body.matchAll(/\bregistry\.(\w+)/g)].map((match) => match[1]!));
	const helpers = [...used].map((name) => {
		const helper = registryHelpers[name];
		if (!helper) throw new Error(`locale-texts: paraglide helper registry.${name} is not supported`);
		return `${name}: ${helper}`;
	});
	const registry = helpers.length > 0 ? `const registry = { ${helpers.join(', ')} };\n` : '';
	return `${registry}${body}`;
}

/** Source of a group module: loads the page's locale at its top level and exports the message factory. */
export function groupModuleSource(group: string, locales: string[], runtimePath: string): string {
	const loaders = locales.map(
		(locale) => `${JSON.stringify(locale)}: () => import(${JSON.stringify(`${VIRTUAL}${group}/${locale}`)})`
	);
	return (
		`import { useTexts } from ${JSON.stringify(runtimePath)};\n` +
		`export const message = await useTexts(${JSON.stringify(group)}, { ${loaders.join(', ')} });\n`
	);
}

/** Source that replaces paraglide's module for one message in the client build. */
export function messageModuleSource(message: CompiledMessage, index: number): string {
	const fn = `/* @__PURE__ */ message(${index})`;
	const exported =
		message.name === message.key
			? `export const ${message.name} = ${fn};`
			: `const ${message.name} = ${fn};\nexport { ${message.name} as ${JSON.stringify(message.key)} };`;
	return `import { message } from ${JSON.stringify(`${VIRTUAL}${message.group}`)};\n${exported}\n`;
}

/** The messages of one group in a fixed order (by key): the positions the browser looks texts up by. */
export function groupMembers(texts: CompiledTexts, group: string): CompiledMessage[] {
	return [...texts.messages.values()]
		.filter((message) => message.group === group)
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export async function compileTexts(
	projectPath: string,
	groups: Record<string, string[]>
): Promise<CompiledTexts> {
	const project = await loadProjectFromDirectory({ path: projectPath, fs: nodeFs });
	try {
		const settings = await project.settings.get();
		const bundles = await selectBundleNested(project.db).execute();
		const fallbackMap = Object.fromEntries(
			settings.locales.map((locale) => [
				locale,
				locale === settings.baseLocale ? undefined : settings.baseLocale
			])
		);
		const messages = new Map<string, CompiledMessage>();
		for (const bundle of bundles) {
			const compiled = compileBundle({
				bundle,
				fallbackMap,
				messageReferenceExpression: (locale, id) => `${locale}_${id}`,
				settings
			});
			// The bundle function paraglide writes starts with `[export ]const <name> = `.
			const name = /(?:^|\n)(?:export )?const ([A-Za-z_$][\w$]*) = /.exec(compiled.bundle.code)?.[1];
			if (!name) throw new Error(`locale-texts: cannot find the export name of message ${bundle.id}`);
			if (compiled.bundle.code.includes('.parts(')) {
				throw new Error(
					`locale-texts: message ${bundle.id} uses markup, which the per-locale build does not handle`
				);
			}
			const code = Object.fromEntries(
				Object.entries(compiled.messages).map(([locale, m]) => [locale, m.code])
			);
			const inputs = bundle.declarations.flatMap((d) => (d.type === 'input-variable' ? [d.name] : []));
			messages.set(name, { name, key: bundle.id, group: groupOf(bundle.id, groups), inputs, code });
		}
		return { baseLocale: settings.baseLocale, locales: [...settings.locales], messages };
	} finally {
		await project.close();
	}
}

export function localeTexts(options: LocaleTextsOptions): Plugin {
	let root = process.cwd();
	let messagesDir = '';
	let runtimePath = '';
	let compiled: Promise<CompiledTexts> | undefined;
	let graph: ClientGraph | undefined;
	const texts = () => (compiled ??= compileTexts(resolve(root, options.project), options.groups ?? {}));

	return {
		name: 'postkasse-locale-texts',
		...browserBuildOnly,
		enforce: 'pre',
		configResolved(config) {
			root = config.root;
			messagesDir = join(resolve(root, options.outdir), 'messages') + '/';
			runtimePath = resolve(root, 'src/lib/i18n/locale-texts.ts');
		},
		buildStart() {
			compiled = undefined;
		},
		resolveId(id) {
			if (!id.startsWith(VIRTUAL)) return null;
			// Group modules are side-effect free for tree-shaking: unused messages must not pull their group in.
			return { id: RESOLVED + id.slice(VIRTUAL.length), moduleSideEffects: false };
		},
		async load(id) {
			if (id.startsWith(RESOLVED)) {
				const compiled = await texts();
				const [group = '', locale] = id.slice(RESOLVED.length).split('/');
				if (!locale) return groupModuleSource(group, compiled.locales, runtimePath);
				return localeModuleSource(groupMembers(compiled, group), locale, compiled.baseLocale);
			}
			if (id.startsWith(messagesDir) && id.endsWith('.js') && !id.endsWith('/_index.js')) {
				const name = id.slice(messagesDir.length, -'.js'.length);
				const compiled = await texts();
				const message = compiled.messages.get(name);
				if (!message) throw new Error(`locale-texts: ${id} is not a message paraglide compiled`);
				return messageModuleSource(message, groupMembers(compiled, message.group).indexOf(message));
			}
			return null;
		},
		async generateBundle(_options, bundle) {
			const { baseLocale, locales } = await texts();
			const chunks: Record<string, GraphChunk> = {};
			for (const output of Object.values(bundle)) {
				if (output.type !== 'chunk') continue;
				const localeModules = output.moduleIds.filter(
					(id) => id.startsWith(RESOLVED) && id.split('/').length === 3
				);
				const chunk: GraphChunk = {
					imports: output.imports,
					dynamicImports: output.dynamicImports,
					assets: [
						...(output.viteMetadata?.importedCss ?? []),
						...(output.viteMetadata?.importedAssets ?? [])
					]
				};
				if (localeModules.length > 0) {
					// A text chunk must hold one group's texts in one locale and nothing else, or a page would
					// download another locale's texts with it, and the offline packs would file it wrongly.
					if (localeModules.length > 1 || output.moduleIds.length > 1) {
						this.error(`locale-texts: chunk ${output.fileName} mixes ${output.moduleIds.join(', ')}`);
					}
					const [group = '', locale = ''] = localeModules[0]!.slice(RESOLVED.length).split('/');
					chunk.texts = { group, locale };
				}
				chunks[output.fileName] = chunk;
			}
			graph = { baseLocale, locales, chunks };
		},
		writeBundle() {
			if (!graph) return;
			const file = resolve(root, options.graphFile);
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file, `${JSON.stringify(graph, null, '\t')}\n`);
		}
	};
}
