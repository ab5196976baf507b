// The browser's offer to install the app (Chromium's `beforeinstallprompt`), plain so that the public pages
// can show their install button without Svelte (src/lib/islands/main.ts); install.svelte.ts makes it
// reactive for components. Both keep the browser's own mini-infobar away: we show a plain button instead.
import { earlyInstallOfferKey } from './install-capture-script.js';

/** Chromium's install event (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

let offer: BeforeInstallPromptEvent | null = null;
const watchers = new Set<(offered: boolean) => void>();
let listening = false;

function change(to: BeforeInstallPromptEvent | null) {
	offer = to;
	for (const watcher of watchers) watcher(offer !== null);
}

function listen() {
	if (listening) return;
	listening = true;
	// An offer made before this module loaded was kept by the head script (install-capture-script.js).
	const early = (window as unknown as Record<string, unknown>)[earlyInstallOfferKey];
	if (early) offer = early as BeforeInstallPromptEvent;
	addEventListener('beforeinstallprompt', (event) => {
		event.preventDefault();
		change(event as BeforeInstallPromptEvent);
	});
	addEventListener('appinstalled', () => change(null));
}

/** Calls `changed` now and whenever the offer comes or goes; returns a function that stops watching. */
export function watchInstallOffer(changed: (offered: boolean) => void): () => void {
	listen();
	watchers.add(changed);
	changed(offer !== null);
	return () => watchers.delete(changed);
}

/** Shows the browser's install dialog; the offer can be used once, whatever the answer. */
export async function installApp(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
	const event = offer;
	if (!event) return 'unavailable';
	change(null);
	await event.prompt();
	const { outcome } = await event.userChoice;
	return outcome;
}
