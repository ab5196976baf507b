import { browser } from '$app/environment';
import { installApp, watchInstallOffer } from './install-offer';

let offered = $state(false);
if (browser) watchInstallOffer((now) => (offered = now));

/** The install offer for components (install-offer.ts, reactive). */
export const installPrompt = {
	/** True only while the browser offers installation. */
	get available() {
		return offered;
	},
	install: installApp
};
