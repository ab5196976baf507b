import type { Plugin } from 'vite';

/** For our build plugins that change only the browser build (not SSR, not `vite dev`). */
export const browserBuildOnly = {
	apply: 'build',
	applyToEnvironment: (environment) => environment.config.consumer === 'client'
} as const satisfies Pick<Plugin, 'apply' | 'applyToEnvironment'>;
