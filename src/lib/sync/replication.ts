/**
 * Replication of the three mailbox collections against /api/sync/v1/<collection>/{pull,push,stream}
 * (protocol at the top of $lib/schemas/sync.ts). Only the leader tab replicates; others see its writes.
 */
import { Observable } from 'rxjs';
import type { RxCollection, RxReplicationPullStreamItem } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { ApiError } from '$lib/schemas/common';
import type { Checkpoint, PullResponse, PushResponse, SyncCollection } from '$lib/schemas/sync';
import { PUSH_ROWS_MAX, schemaVersions } from '$lib/schemas/sync-constants';
import type { MailDatabase } from '$lib/db';

export const PULL_BATCH = 1000;
export const PUSH_BATCH = PUSH_ROWS_MAX;

/** A non-2xx answer; RxDB retries the call, the hooks decide what the user is told. */
export class SyncHttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: ApiError | null
	) {
		super(`sync request failed with ${status}${body ? `: ${body.error}` : ''}`);
		this.name = 'SyncHttpError';
	}
}

export interface PullInfo {
	/** The checkpoint the pull started from and the one it ended at. */
	from: number;
	to: number;
	latestSeq: number;
	count: number;
	limit: number;
}

export interface ReplicationHooks {
	onPulled?(collection: SyncCollection, info: PullInfo): void;
	onPushed?(collection: SyncCollection, rows: number, conflicts: number): void;
	/** The session ended on the server (401). */
	onUnauthorized?(): void;
	/** The server no longer speaks this schema version (426): the app must be updated. */
	onOutdated?(): void;
	onFailed?(collection: SyncCollection, error: unknown): void;
	/** A request got an answer (any status) or could not reach the server at all. */
	onReachable?(): void;
	onUnreachable?(): void;
}

export interface ReplicationOptions {
	citizenId: string;
	/** Where the endpoints live; location.origin in the browser. */
	origin: string;
	hooks?: ReplicationHooks;
	fetch?: typeof fetch;
	eventSource?: typeof EventSource;
	retryTime?: number;
}

export type MailReplication = {
	[C in SyncCollection]: RxReplicationState<unknown, Checkpoint>;
} & { cancel(): Promise<void> };

/** Names the stored checkpoints: another server, citizen or schema version starts from scratch. */
export function replicationIdentifier(origin: string, citizenId: string, collection: SyncCollection): string {
	return `postkasse|${origin}|${citizenId}|${collection}|v${schemaVersions[collection]}`;
}

async function failure(res: Response): Promise<SyncHttpError> {
	let body: ApiError | null = null;
	try {
		const json = (await res.json()) as Partial<ApiError> | null;
		if (json && typeof json.error === 'string' && typeof json.message === 'string') {
			body = { error: json.error, message: json.message, field: json.field };
		}
	} catch {
		// not JSON; the status says enough
	}
	return new SyncHttpError(res.status, body);
}

/**
 * The live half: a cold Observable over an EventSource. Every message and every error or reconnect becomes
 * 'RESYNC', so the replication pulls from its checkpoint; nothing is trusted from the stream itself.
 * A stream the browser gave up on (non-200 answer) is reopened with a growing delay, or when the network
 * returns.
 */
export function resyncStream(
	url: string,
	EventSourceImpl: typeof EventSource = EventSource
): Observable<'RESYNC'> {
	return new Observable<'RESYNC'>((subscriber) => {
		let source: EventSource | null = null;
		let timer: ReturnType<typeof setTimeout> | undefined;
		let delay = 1000;
		let opened = false;

		const open = () => {
			clearTimeout(timer);
			timer = undefined;
			source?.close();
			source = new EventSourceImpl(url);
			source.onopen = () => {
				delay = 1000;
				// The first open needs no pull: the replication starts with one. A reopen may have missed changes.
				if (opened) subscriber.next('RESYNC');
				opened = true;
			};
			source.onmessage = () => subscriber.next('RESYNC');
			source.onerror = () => {
				subscriber.next('RESYNC');
				if (source?.readyState === EventSourceImpl.CLOSED && timer === undefined) {
					timer = setTimeout(open, delay);
					delay = Math.min(delay * 2, 60_000);
				}
			};
		};
		const reopenIfClosed = () => {
			if (!source || source.readyState === EventSourceImpl.CLOSED) open();
		};

		open();
		globalThis.addEventListener?.('online', reopenIfClosed);
		return () => {
			clearTimeout(timer);
			globalThis.removeEventListener?.('online', reopenIfClosed);
			source?.close();
			source = null;
		};
	});
}

function replicateCollection(
	name: SyncCollection,
	collection: RxCollection,
	options: ReplicationOptions
): RxReplicationState<unknown, Checkpoint> {
	const version = schemaVersions[name];
	const fetchFn = options.fetch ?? fetch.bind(globalThis);
	const base = `${options.origin}/api/sync/v1/${name}`;
	const hooks = options.hooks ?? {};

	const request = async <T>(url: string, init?: RequestInit): Promise<T> => {
		let res: Response;
		try {
			res = await fetchFn(url, {
				credentials: 'same-origin',
				cache: 'no-store',
				...init,
				headers: { accept: 'application/json', ...(init?.headers ?? {}) }
			});
		} catch (error) {
			hooks.onUnreachable?.();
			throw error;
		}
		hooks.onReachable?.();
		if (!res.ok) {
			const error = await failure(res);
			if (res.status === 401) hooks.onUnauthorized?.();
			if (res.status === 426) hooks.onOutdated?.();
			throw error;
		}
		return (await res.json()) as T;
	};

	const state = replicateRxCollection<unknown, Checkpoint>({
		collection,
		replicationIdentifier: replicationIdentifier(options.origin, options.citizenId, name),
		live: true,
		retryTime: options.retryTime ?? 5000,
		waitForLeadership: true,
		pull: {
			batchSize: PULL_BATCH,
			handler: async (checkpoint, batchSize) => {
				const from = checkpoint?.seq ?? 0;
				const body = await request<PullResponse<unknown>>(
					`${base}/pull?checkpoint=${from}&limit=${batchSize}&v=${version}`
				);
				hooks.onPulled?.(name, {
					from,
					to: body.checkpoint.seq,
					latestSeq: body.latestSeq,
					count: body.documents.length,
					limit: batchSize
				});
				return { documents: body.documents as never[], checkpoint: body.checkpoint };
			},
			stream$: resyncStream(`${base}/stream?v=${version}`, options.eventSource) as Observable<
				RxReplicationPullStreamItem<unknown, Checkpoint>
			>
		},
		push: {
			batchSize: PUSH_BATCH,
			handler: async (rows) => {
				const body = await request<PushResponse<unknown>>(`${base}/push?v=${version}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						rows: rows.map((row) => ({
							assumedMasterState: row.assumedMasterState ?? null,
							newDocumentState: row.newDocumentState
						}))
					})
				});
				hooks.onPushed?.(name, rows.length, body.conflicts.length);
				return body.conflicts as never[];
			}
		}
	});
	state.error$.subscribe((error) => hooks.onFailed?.(name, error));
	return state;
}

export function replicateMailbox(db: MailDatabase, options: ReplicationOptions): MailReplication {
	const letters = replicateCollection('letters', db.letters as RxCollection, options);
	const folders = replicateCollection('folders', db.folders as RxCollection, options);
	const outgoing = replicateCollection('outgoing', db.outgoing as RxCollection, options);
	return {
		letters,
		folders,
		outgoing,
		async cancel() {
			await Promise.all([letters.cancel(), folders.cancel(), outgoing.cancel()]);
		}
	};
}
