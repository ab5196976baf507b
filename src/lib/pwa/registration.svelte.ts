// Registers the service worker and follows its life cycle for the update prompt: "Ready to work offline"
// after the first install, "A new version is ready" when an update waits. A few lines of our own instead of
// workbox-window (2 kB gzip on every page): the app needs only these two events and "activate the update".
import { watchForUpdates } from './update-checks';

const state = $state({ offlineReady: false, needRefresh: false });
let registration: ServiceWorkerRegistration | undefined;

/** What the prompt shows; both false until something happens. */
export const workerState: { readonly offlineReady: boolean; readonly needRefresh: boolean } = state;

/** Registers `/service-worker.js` for the whole site; returns a function that stops the update checks. */
export function registerWorker(): () => void {
	if (!('serviceWorker' in navigator)) return () => {};
	let stop = () => {};
	let stopped = false;
	navigator.serviceWorker.register('/service-worker.js', { scope: '/', type: 'classic' }).then(
		(registered: ServiceWorkerRegistration | undefined) => {
			// Some browsers that block workers (privacy settings, automation) resolve without one.
			if (!registered) return;
			registration = registered;
			// A version that finished installing on an earlier visit and still waits for the reader.
			if (registered.waiting && navigator.serviceWorker.controller) state.needRefresh = true;
			registered.addEventListener('updatefound', () => followInstall(registered.installing));
			if (!stopped) stop = watchForUpdates(registered);
			void claimThisPage();
		},
		(error: unknown) => console.warn('service worker not registered:', error)
	);
	return () => {
		stopped = true;
		stop();
	};
}

/**
 * A page whose navigation started while the worker was activating is not claimed by it and would stay
 * without offline support until the next page; once a worker is active, it asks to be taken over.
 */
async function claimThisPage() {
	const ready = await navigator.serviceWorker.ready;
	if (!navigator.serviceWorker.controller) ready.active?.postMessage({ type: 'CLAIM' });
}

function followInstall(worker: ServiceWorker | null) {
	worker?.addEventListener('statechange', () => {
		if (worker.state !== 'installed') return;
		// Installed while another version controls the page: an update waits. Else the first install.
		if (navigator.serviceWorker.controller) state.needRefresh = true;
		else state.offlineReady = true;
	});
}

/** Activates the waiting version; the page reloads once it has taken over. */
export function applyUpdate(): void {
	const waiting = registration?.waiting;
	if (!waiting) return;
	navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
	waiting.postMessage({ type: 'SKIP_WAITING' });
}

export function dismiss(): void {
	state.needRefresh = false;
	state.offlineReady = false;
}
