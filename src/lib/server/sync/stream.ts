import type { SyncCollection } from '../../schemas/sync';
import type { SessionCitizen } from '../auth/session';
import { sessionStillValid } from '../auth/session';
import { getDb } from '../db/index';
import { subscribeMailbox } from './hub';

export const PING_INTERVAL_MS = 25_000;

const encoder = new TextEncoder();

/**
 * Server-Sent Events for one device and collection: "data: RESYNC" when that collection of the
 * signed-in citizen's mailbox changes, a ": ping" comment every 25 s. The session is checked again
 * before each message, so a stream ends when its session does.
 */
export function openStream(
	citizen: SessionCitizen,
	collection: SyncCollection,
	signal: AbortSignal
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
			// Tell EventSource how long to wait before reconnecting, and flush the headers now.
			controller.enqueue(encoder.encode('retry: 5000\n: connected\n\n'));
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-transform',
			'x-accel-buffering': 'no'
		}
	});
}
