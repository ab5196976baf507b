import { browser } from '$app/environment';
import { earlyInstallOfferKey } from './install-capture-script.js';

/** Chromium's install event (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

let deferred = $state<BeforeInstallPromptEvent | null>(null);

// An offer made before this module loaded was kept by the head script (install-capture-script.js); later ones
// arrive here. Both keep the browser's own mini-infobar away: we show a plain button instead.
if (browser) {
	const early = (window as unknown as Record<string, unknown>)[earlyInstallOfferKey];
	if (early) deferred = early as BeforeInstallPromptEvent;
	window.addEventListener('beforeinstallprompt', (event) => {
		event.preventDefault();
		deferred = event as BeforeInstallPromptEvent;
	});
	window.addEventListener('appinstalled', () => {
		deferred = null;
	});
}

export const installPrompt = {
	/** True only while the browser offers installation. */
	get available() {
		return deferred !== null;
	},
	/** Shows the browser's install dialog; the event can be used once, whatever the answer. */
	async install(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
		const event = deferred;
		if (!event) return 'unavailable';
		deferred = null;
		await event.prompt();
		const { outcome } = await event.userChoice;
		return outcome;
	}
};
