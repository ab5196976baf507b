import type { SyncCollection } from '../../schemas/sync';
import type { SessionCitizen } from '../auth/session';
import { sessionStillValid } from '../auth/session';
import { getDb } from '../db/index';
import { subscribeMailbox } from './hub';

export const PING_INTERVAL_MS = 25_000;
/** Open streams one session may hold (a device needs one per collection); a new one closes the oldest. */
export const MAX_STREAMS_PER_SESSION = 10;
/** Open streams from one address (a household or office shares one); more are refused with 429. */
export const MAX_STREAMS_PER_ADDRESS = 100;

const encoder = new TextEncoder();

/** Open streams, oldest first, by session; and how many each address holds. Connections, not data. */
const bySession = new Map<string, Set<() => void>>();
const byAddress = new Map<string, number>();

function track(sessionId: string, address: string, close: () => void): () => void {
	const open = bySession.get(sessionId) ?? new Set<() => void>();
	bySession.set(sessionId, open);
	while (open.size >= MAX_STREAMS_PER_SESSION) {
		const oldest = open.values().next().value!;
		open.delete(oldest);
		oldest();
	}
	open.add(close);
	byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
	let untracked = false;
	return () => {
		if (untracked) return;
		untracked = true;
		open.delete(close);
		if (open.size === 0 && bySession.get(sessionId) === open) bySession.delete(sessionId);
		const left = (byAddress.get(address) ?? 1) - 1;
		if (left > 0) byAddress.set(address, left);
		else byAddress.delete(address);
	};
}

/** Ends every open stream (a draining process); devices reconnect and pull what they missed. */
export function closeAllStreams(): void {
	for (const open of [...bySession.values()]) for (const close of [...open]) close();
}

/** Whether an address may open another stream. */
export function streamAllowedFrom(address: string): boolean {
	return (byAddress.get(address) ?? 0) < MAX_STREAMS_PER_ADDRESS;
}

const streamHeaders = {
	'content-type': 'text/event-stream; charset=utf-8',
	'cache-control': 'no-cache, no-transform',
	'x-accel-buffering': 'no'
};

/** HEAD of a stream: the headers at once, no body (a GET body never ends). */
export function streamHead(): Response {
	return new Response(null, { headers: streamHeaders });
}

/**
 * Server-Sent Events for one device and collection: "data: RESYNC" when that collection of the
 * signed-in citizen's mailbox changes, a ": ping" comment every 25 s. The session is checked again
 * before each message, so a stream ends when its session does.
 */
export function openStream(
	citizen: SessionCitizen,
	collection: SyncCollection,
	signal: AbortSignal,
	address: string
): Response {
	let cleanup = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let closed = false;
			const send = (text: string) => {
				if (closed) return;
				if (!sessionStillValid(getDb(), citizen.sessionId, Date.now())) {
					cleanup();
					controller.close();
					return;
				}
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					cleanup();
				}
			};
			const unsubscribe = subscribeMailbox(citizen.mailboxId, (collections) => {
				if (collections.has(collection)) send('data: RESYNC\n\n');
			});
			const ping = setInterval(() => send(': ping\n\n'), PING_INTERVAL_MS);
			cleanup = () => {
				if (closed) return;
				closed = true;
				clearInterval(ping);
				unsubscribe();
				untrack();
				signal.removeEventListener('abort', onAbort);
			};
			const onAbort = () => {
				cleanup();
				try {
					controller.close();
				} catch {
					// already closed
				}
			};
			signal.addEventListener('abort', onAbort);
			const untrack = track(citizen.sessionId, address, onAbort);
			// Tell EventSource how long to wait before reconnecting, and flush the headers now.
			controller.enqueue(encoder.encode('retry: 5000\n: connected\n\n'));
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(stream, { headers: streamHeaders });
}
