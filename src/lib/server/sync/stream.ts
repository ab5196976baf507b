import type { SyncCollection } from '../../schemas/sync';
import { liveSessions, sessionStillValid } from '../auth/session';
import { getDatabase } from '../db/index';
import type { Reached } from '../access/mailbox';
import { rightTo } from '../access/grants';
import { onAccessChange } from '../access/events';
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

/** setTimeout's longest delay; a later end date is checked again by the pings. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the shared ping needs of one open stream. */
interface Pingable {
	sessionId: string;
	/** A helper's stream: its access is checked again on each ping, not only its session. */
	helper: boolean;
	/** Sends the ping as is: the caller has just checked the session. */
	ping(): void;
	/** Checks the access again, then pings or ends. */
	recheck(): Promise<void>;
	end(): void;
}

const pingable = new Set<Pingable>();
let pinger: ReturnType<typeof setInterval> | undefined;
let pinging = false;

/**
 * One timer pings every open stream, checking all their sessions in a few queries instead of one query per
 * stream (5,000 streams were 200 queries a second) and one timer per stream.
 */
export async function pingOpenStreams(): Promise<void> {
	if (pinging) return; // a slow database: the next tick catches up
	pinging = true;
	try {
		const streams = [...pingable];
		let live: Set<string>;
		try {
			live = await liveSessions(
				await getDatabase(),
				streams.map((s) => s.sessionId),
				Date.now()
			);
		} catch {
			// The database is away (restart, failover): end the streams; devices reconnect and pull.
			live = new Set();
		}
		for (const stream of streams) {
			if (!live.has(stream.sessionId)) stream.end();
			else if (stream.helper) void stream.recheck();
			else stream.ping();
		}
	} finally {
		pinging = false;
	}
}

function startPinging(stream: Pingable): () => void {
	pingable.add(stream);
	pinger ??= setInterval(() => void pingOpenStreams(), PING_INTERVAL_MS);
	return () => {
		pingable.delete(stream);
		if (pingable.size === 0 && pinger) {
			clearInterval(pinger);
			pinger = undefined;
		}
	};
}

/**
 * Server-Sent Events for one device and collection: "data: RESYNC" when that collection of the
 * mailbox changes, a ": ping" comment every 25 s. The session, and a helper's access, are checked again
 * before each message, so a stream ends when its session does; a helper's stream also ends the moment the
 * owner ends the access (access/events.ts) or its end date passes.
 */
export function openStream(
	{ citizen, right }: Reached,
	collection: SyncCollection,
	signal: AbortSignal,
	address: string
): Response {
	let cleanup = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let closed = false;
			const stillAllowed = async () => {
				try {
					const db = await getDatabase();
					const now = Date.now();
					if (!(await sessionStillValid(db, citizen.sessionId, now))) return false;
					if (!right.grant) return true;
					const again = await rightTo(db, citizen.citizenId, right.mailboxId, now);
					return 'role' in again;
				} catch {
					// The database is away (restart, failover): end the stream; the device reconnects and pulls.
					return false;
				}
			};
			const end = () => {
				cleanup();
				try {
					controller.close();
				} catch {
					// already closed
				}
			};
			const write = (text: string) => {
				if (closed) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					cleanup();
				}
			};
			const send = async (text: string) => {
				if (closed) return;
				if (!(await stillAllowed())) return end();
				write(text);
			};
			const unsubscribe = subscribeMailbox(right.mailboxId, (collections) => {
				if (collections.has(collection)) void send('data: RESYNC\n\n');
			});
			const grant = right.grant;
			const stopPinging = startPinging({
				sessionId: citizen.sessionId,
				helper: grant !== null,
				ping: () => write(': ping\n\n'),
				recheck: () => send(': ping\n\n'),
				end
			});
			const unwatch = grant
				? onAccessChange(right.mailboxId, grant.helperId, () => {
						void stillAllowed().then((ok) => ok || end());
					})
				: () => {};
			const expiry =
				grant?.endsAt != null
					? setTimeout(
							() => void stillAllowed().then((ok) => ok || end()),
							Math.min(Math.max(grant.endsAt - Date.now(), 0), MAX_TIMER_MS)
						)
					: undefined;
			cleanup = () => {
				if (closed) return;
				closed = true;
				stopPinging();
				clearTimeout(expiry);
				unwatch();
				unsubscribe();
				untrack();
				signal.removeEventListener('abort', onAbort);
			};
			const onAbort = end;
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
