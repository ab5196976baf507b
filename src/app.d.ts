// See https://svelte.dev/docs/kit/types#app.d.ts
import 'vite-plugin-pwa/info';

declare global {
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
