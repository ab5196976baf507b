// The server process's life: starting, ready, draining. What /readyz answers and what a SIGTERM or
// SIGINT does before adapter-node's own shutdown can finish.
import { closeDatabase, getDatabase } from './db/index';
import { stopHub } from './sync/hub';
import { closeAllStreams } from './sync/stream';
import { stopNotifications } from './notify/service';
import { stopWatchingHeldLetters } from './mail/release';

export type Phase = 'starting' | 'ready' | 'draining';

let phase: Phase = 'starting';
const stopping: (() => void)[] = [];

export function markReady(): void {
	if (phase === 'starting') phase = 'ready';
}

export function currentPhase(): Phase {
	return phase;
}

/** Something to end when the process drains (a timer, an interval). */
export function onDrain(stop: () => void): void {
	stopping.push(stop);
}

/** Whether the database answers and every migration is applied (within 2 s). */
export async function databaseAnswers(): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 2_000)));
		const health = (async () => {
			const h = await (await getDatabase()).health();
			return h.reachable && h.migrated;
		})();
		return await Promise.race([health, timeout]);
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * First step of a shutdown. adapter-node stops listening and waits for open requests; an event stream never
 * ends by itself, so without this a shutdown would wait SHUTDOWN_TIMEOUT for them. Devices reconnect (to
 * another process, behind a balancer) and pull what they missed. The notice worker finishes the notices it
 * holds, so none is sent twice.
 */
export async function drain(): Promise<void> {
	if (phase === 'draining') return;
	phase = 'draining';
	for (const stop of stopping.splice(0)) stop();
	stopWatchingHeldLetters();
	closeAllStreams();
	await stopNotifications();
}

/** Installs the shutdown steps once; only in the built server (dev and tests leave signals alone). */
export function handleShutdown(): void {
	let drained: Promise<void> | undefined;
	const begin = () => {
		drained ??= drain().catch((err: unknown) =>
			console.error('draining failed:', err instanceof Error ? err.message : err)
		);
	};
	process.once('SIGTERM', begin);
	process.once('SIGINT', begin);
	// adapter-node emits this once the last request has ended.
	process.once('sveltekit:shutdown', () => {
		begin();
		void drained!.then(async () => {
			await stopHub();
			await closeDatabase();
		});
	});
}
