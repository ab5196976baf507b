/**
 * The sanitizer as a worker task. This module is the worker's entry: the pool starts its threads from this
 * module's own file (`taskModuleUrl`), so the build needs no extra entry point. jsdom is loaded only when a
 * task runs, so the request thread, which imports this module for its URL, never loads it.
 */
export const taskModuleUrl = import.meta.url;

export interface SanitizeTask {
	html: string;
	/** Set to 1 (and notified) when the work itself begins, after the thread has loaded jsdom. */
	started?: Int32Array;
}

export default async function sanitizeTask({ html, started }: SanitizeTask): Promise<string> {
	const { sanitizeHtml } = await import('./sanitize');
	sanitizeHtml(''); // creates the jsdom window before the clock starts
	if (started) {
		Atomics.store(started, 0, 1);
		Atomics.notify(started, 0);
	}
	return sanitizeHtml(html);
}
