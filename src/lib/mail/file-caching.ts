/**
 * Lets the removal of citizens' data (./device-data.ts) wait for letter files on their way into a cache
 * (./files.ts): a file put after its cache was deleted would bring a signed-out citizen's cache back.
 */
const running = new Map<Promise<unknown>, AbortController>();
let holds = 0;

/**
 * Runs a caching job unless a removal is under way (then answers `otherwise`). A removal aborts the job's
 * signal: the job passes it to its downloads and stores nothing more once it is aborted.
 */
export function cacheUnlessRemoving<T>(job: (signal: AbortSignal) => Promise<T>, otherwise: T): Promise<T> {
	if (holds > 0) return Promise.resolve(otherwise);
	const controller = new AbortController();
	const run = job(controller.signal);
	running.set(run, controller);
	const done = () => running.delete(run);
	run.then(done, done);
	return run;
}

/** Stops caching and waits for the jobs under way; returns the function that lets caching go on again. */
export async function holdFileCaching(): Promise<() => void> {
	holds += 1;
	for (const controller of running.values()) controller.abort();
	await Promise.allSettled([...running.keys()]);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		holds -= 1;
	};
}
