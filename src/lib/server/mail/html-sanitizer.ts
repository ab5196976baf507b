import { availableParallelism } from 'node:os';
import { checkHtmlLimits } from './html-limits';
import type { SanitizeTask } from './html-task';

/** How long one document may take once a thread works on it; a real letter takes well under a second. */
export const SANITIZE_BUDGET_MS = 5_000;
/** How long a document may wait for a thread (queue, thread start) before the sender is asked to retry. */
const WAIT_BUDGET_MS = 30_000;
/** Documents waiting for a thread; more answer 503 (the sender retries) instead of growing memory. */
const MAX_QUEUE = 32;
/** Heap of one sanitizer thread: a document that needs more is refused, the server lives on. */
const WORKER_HEAP_MB = 256;

export type SanitizeOutcome =
	{ ok: true; html: string } | { ok: false; status: 400 | 413 | 503; error: string; message: string };

type Run = (html: string) => Promise<string>;

let runner: Promise<Run> | undefined;

async function createRunner(): Promise<Run> {
	const task = await import('./html-task');
	// The dev server and unit tests run the TypeScript sources, which a worker thread cannot load: there
	// the task runs in this thread. The built server (`npm start`, integration and browser tests) uses threads.
	if (!task.taskModuleUrl.endsWith('.js')) return (html) => task.default({ html });
	const { Piscina } = await import('piscina');
	const threads = Math.min(4, Math.max(2, Math.floor(availableParallelism() / 2)));
	const pool = new Piscina<SanitizeTask, string>({
		filename: task.taskModuleUrl,
		minThreads: 1,
		maxThreads: threads,
		maxQueue: MAX_QUEUE,
		idleTimeout: 60_000,
		resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }
	});
	return async (html) => {
		// The budget runs from when a thread starts on this document, so waiting in the queue or for a new
		// thread to load jsdom does not count against it; a stopped thread is replaced by a fresh one.
		const started = new Int32Array(new SharedArrayBuffer(4));
		const abort = new AbortController();
		let budget: ReturnType<typeof setTimeout> | undefined;
		let done = false;
		const waiting = Atomics.waitAsync(started, 0, 0, WAIT_BUDGET_MS);
		void Promise.resolve(waiting.value).then((outcome) => {
			if (done) return;
			if (outcome === 'timed-out') abort.abort(new BusyError());
			else budget = setTimeout(() => abort.abort(new TimeoutError()), SANITIZE_BUDGET_MS);
		});
		try {
			return await pool.run({ html, started }, { signal: abort.signal });
		} catch (err) {
			throw abort.signal.aborted ? abort.signal.reason : err;
		} finally {
			done = true;
			clearTimeout(budget);
		}
	};
}

class TimeoutError extends Error {}
class BusyError extends Error {}

/** Starts a sanitizer thread and loads jsdom in it, so the first letter after a start is not slow. */
export async function warmSanitizer(): Promise<void> {
	await sanitizeLetterHtml('<p>ready</p>');
}

/**
 * A letter's HTML document sanitized by the shared letter policy, off the request thread: refused at once
 * when it passes the limits in `html-limits.ts`, and stopped when it takes longer than SANITIZE_BUDGET_MS
 * (its thread is ended), so one hostile letter cannot hold up anyone else's request.
 */
export async function sanitizeLetterHtml(html: string): Promise<SanitizeOutcome> {
	const limits = checkHtmlLimits(html);
	if (!limits.ok) {
		return limits.limit === 'size'
			? { ok: false, status: 413, error: 'too_large', message: limits.message }
			: { ok: false, status: 400, error: 'html_too_complex', message: limits.message };
	}
	runner ??= createRunner();
	const run = await runner;
	try {
		return { ok: true, html: await run(html) };
	} catch (err) {
		if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
			return {
				ok: false,
				status: 413,
				error: 'too_large',
				message: 'the HTML document needs too much memory to check'
			};
		}
		if (err instanceof TimeoutError) {
			return {
				ok: false,
				status: 400,
				error: 'html_too_complex',
				message: `the HTML document could not be checked within ${SANITIZE_BUDGET_MS / 1000} s`
			};
		}
		if (err instanceof BusyError || /queue is at limit/i.test((err as Error).message)) {
			return {
				ok: false,
				status: 503,
				error: 'busy',
				message: 'Too many letters are being checked; try again in a moment.'
			};
		}
		throw err;
	}
}
