import type { Plugin } from 'vite';

/** For our build plugins that change only the browser build (not SSR, not `vite dev`). */
export const browserBuildOnly = {
	apply: 'build',
	applyToEnvironment: (environment) => environment.config.consumer === 'client'
} as const satisfies Pick<Plugin, 'apply' | 'applyToEnvironment'>;

type Bundle = Parameters<NonNullable<Extract<Plugin['generateBundle'], (...args: never[]) => unknown>>>[1];

/** Every chunk file these imports load before they run (static imports, followed through the bundle). */
export function staticImportClosure(bundle: Bundle, imports: readonly string[]): Set<string> {
	const seen = new Set<string>();
	const queue = [...imports];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const output = bundle[file];
		queue.push(...(output?.type === 'chunk' ? output.imports : []));
	}
	return seen;
}
