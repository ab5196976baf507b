import { browser } from '$app/environment';

/** Chromium's install event (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

let deferred = $state<BeforeInstallPromptEvent | null>(null);

// Listen as soon as this module loads (the root layout's footer imports it), so an early event is not missed.
if (browser) {
	window.addEventListener('beforeinstallprompt', (event) => {
		// Keep the browser's own mini-infobar away; we show a plain button instead.
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
