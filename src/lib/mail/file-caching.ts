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

/**
 * Runs a removal with caching stopped: aborts the jobs under way and waits for them first, and lets caching
 * go on only once every removal that runs has ended.
 */
export async function withFileCachingHeld<T>(removal: () => Promise<T>): Promise<T> {
	holds += 1;
	try {
		for (const controller of running.values()) controller.abort();
		await Promise.allSettled([...running.keys()]);
		return await removal();
	} finally {
		holds -= 1;
	}
}
