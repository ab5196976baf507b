// See https://svelte.dev/docs/kit/types#app.d.ts
import 'vite-plugin-pwa/info';

declare global {
	/** The support line vite.config.ts read at build time, for the browser bundle. */
	const __SUPPORT_CONFIG__: import('$lib/config/support-env').SupportConfig;
	namespace App {
		interface Locals {
			/** The signed-in citizen, set by the session hook; null when signed out. */
			citizen: import('$lib/server/auth/session').SessionCitizen | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
