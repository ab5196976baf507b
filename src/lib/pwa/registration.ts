// Registers the service worker and follows its life cycle for the update prompt: "Ready to work offline"
// after the first install, "A new version is ready" when an update waits. A few lines of our own instead of
// workbox-window (2 kB gzip on every page): the app needs only these two events and "activate the update".
import { watchForUpdates } from './update-checks';

export interface WorkerState {
	readonly offlineReady: boolean;
	readonly needRefresh: boolean;
}

const state = { offlineReady: false, needRefresh: false };
let registration: ServiceWorkerRegistration | undefined;
let onChange: ((state: WorkerState) => void) | undefined;

function change(to: Partial<WorkerState>) {
	Object.assign(state, to);
	onChange?.({ ...state });
}

/**
 * Registers `/service-worker.js` for the whole site; returns a function that stops the update checks.
 * `changed` gets what the prompt should show whenever that changes (both false until something happens).
 */
export function registerWorker(changed: (state: WorkerState) => void): () => void {
	if (!('serviceWorker' in navigator)) return () => {};
	onChange = changed;
	let stop = () => {};
	let stopped = false;
	navigator.serviceWorker.register('/service-worker.js', { scope: '/', type: 'classic' }).then(
		(registered: ServiceWorkerRegistration | undefined) => {
			// Some browsers that block workers (privacy settings, automation) resolve without one.
			if (!registered) return;
			registration = registered;
			// A version that finished installing on an earlier visit and still waits for the reader.
			if (registered.waiting && navigator.serviceWorker.controller) change({ needRefresh: true });
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
		change(navigator.serviceWorker.controller ? { needRefresh: true } : { offlineReady: true });
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
	change({ needRefresh: false, offlineReady: false });
}
