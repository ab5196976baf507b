/** How often an open app asks the server for a new worker, and the least time between two checks. */
export const UPDATE_INTERVAL_MS = 60 * 60 * 1000;
export const MIN_CHECK_GAP_MS = 60 * 1000;

/**
 * Checks for a new version every hour and whenever the app comes back into view or focus — but at most
 * once a minute and never offline, so a paid-by-the-megabyte connection is not used for nothing.
 * Returns a function that stops the checks.
 */
export function watchForUpdates(registration: ServiceWorkerRegistration): () => void {
	let last = 0;
	const check = () => {
		if (!navigator.onLine || registration.installing) return;
		if (Date.now() - last < MIN_CHECK_GAP_MS) return;
		last = Date.now();
		// A failed check (server away, flaky network) is retried at the next trigger.
		registration.update().catch(() => {});
	};
	const onVisible = () => {
		if (document.visibilityState === 'visible') check();
	};
	const timer = setInterval(check, UPDATE_INTERVAL_MS);
	document.addEventListener('visibilitychange', onVisible);
	window.addEventListener('focus', check);
	window.addEventListener('online', check);
	return () => {
		clearInterval(timer);
		document.removeEventListener('visibilitychange', onVisible);
		window.removeEventListener('focus', check);
		window.removeEventListener('online', check);
	};
}
