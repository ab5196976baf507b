/**
 * Replication of the three mailbox collections against /api/sync/v1/<collection>/{pull,push,stream}
 * (protocol at the top of $lib/schemas/sync.ts). Only the leader tab replicates; others see its writes.
 */
import { Observable, type Subscription } from 'rxjs';
import {
	getAssumedMasterState,
	writeDocToDocState,
	type RxCollection,
	type RxReplicationPullStreamItem
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { ApiError } from '$lib/schemas/common';
import type { OutgoingDoc } from '$lib/schemas/outgoing';
import type { Checkpoint, PullResponse, PushResponse, SyncCollection } from '$lib/schemas/sync';
import { PULL_LIMIT_MAX, PUSH_ROWS_MAX, schemaVersions } from '$lib/schemas/sync-constants';
import type { MailDatabase } from '$lib/db';
import type { PendingChanges } from './pending';
import { deviceKey } from '$lib/mail/device-data';
import { giveUp, refusedForGood, type RefusableRow } from './refusals';

export const PULL_BATCH = PULL_LIMIT_MAX;
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
	/** The caller's access to this mailbox (as a helper) has ended (403 access_ended): drop the copy. */
	onAccessEnded?(): void;
	/** The server no longer speaks this schema version (426): the app must be updated. */
	onOutdated?(): void;
	/** The device was away longer than the server keeps tombstones (410 checkpoint_expired): start over. */
	onCheckpointExpired?(collection: SyncCollection): void;
	onFailed?(collection: SyncCollection, error: unknown): void;
	/** The server refused a change for good (400, 403, 413); the device went back to the server's state. */
	onRefused?(collection: SyncCollection, error: SyncHttpError): void;
	/** A request got an answer (any status) or could not reach the server at all. */
	onReachable?(): void;
	onUnreachable?(): void;
}

export interface ReplicationOptions {
	citizenId: string;
	/** Someone else's mailbox the citizen opens as a helper (sent as `?mailbox=`); absent for their own. */
	mailboxId?: string;
	/** Where the endpoints live; location.origin in the browser. */
	origin: string;
	hooks?: ReplicationHooks;
	fetch?: typeof fetch;
	eventSource?: typeof EventSource;
	retryTime?: number;
	/** The bytes (base64) of a new outgoing message's attached file, from the device; null when gone. */
	attachmentContent?: (id: string) => Promise<string | null>;
	/**
	 * Where the letters' replication starts when it has no checkpoint of its own: after a bulk load
	 * (./bulk-load.ts), the server's sequence when the load began and the storage's position after it.
	 */
	lettersStart?: ReplicationStart;
}

export interface ReplicationStart {
	pull: Checkpoint;
	/** RxDB's storage checkpoint: the push side skips the loaded letters (they came from the server). */
	push: { id: string; lwt: number };
}

export type MailReplication = {
	[C in SyncCollection]: RxReplicationState<unknown, Checkpoint>;
} & { cancel(): Promise<void> };

const collections: readonly SyncCollection[] = ['letters', 'folders', 'outgoing'];

/** Names the stored checkpoints: another server, citizen or schema version starts from scratch. */
export function replicationIdentifier(origin: string, citizenId: string, collection: SyncCollection): string {
	return `postkasse|${origin}|${citizenId}|${collection}|v${schemaVersions[collection]}`;
}

/** The sync endpoints' base URL and the `&mailbox=` a helper adds. */
export function syncUrls(options: ReplicationOptions, name: SyncCollection) {
	return {
		base: `${options.origin}/api/sync/v1/${name}`,
		mailbox: options.mailboxId ? `&mailbox=${encodeURIComponent(options.mailboxId)}` : ''
	};
}

/**
 * A JSON request to a sync endpoint that throws SyncHttpError on any non-2xx answer and tells the hooks what
 * the answer means for the user (signed out, outdated app, access ended, checkpoint expired).
 */
export function syncRequester(name: SyncCollection, options: ReplicationOptions) {
	const fetchFn = options.fetch ?? fetch.bind(globalThis);
	const hooks = options.hooks ?? {};
	return async <T>(url: string, init?: RequestInit): Promise<T> => {
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
			if (res.status === 403 && error.body?.error === 'access_ended') hooks.onAccessEnded?.();
			if (res.status === 410 && error.body?.error === 'checkpoint_expired') hooks.onCheckpointExpired?.(name);
			throw error;
		}
		return (await res.json()) as T;
	};
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

export const OUTGOING_PUSH_BATCH = 2;

/** The first push of a new message: its attachments with their bytes from the device. */
async function withAttachmentContent(
	doc: unknown,
	content: ReplicationOptions['attachmentContent']
): Promise<unknown> {
	const message = doc as OutgoingDoc;
	if (!content || message._deleted || !message.attachments?.length) return doc;
	const attachments = await Promise.all(
		message.attachments.map(async (file) => ({ ...file, content: (await content(file.id)) ?? undefined }))
	);
	return { ...message, attachments };
}

function replicateCollection(
	name: SyncCollection,
	collection: RxCollection,
	options: ReplicationOptions
): RxReplicationState<unknown, Checkpoint> {
	const version = schemaVersions[name];
	const { base, mailbox } = syncUrls(options, name);
	const hooks = options.hooks ?? {};
	const request = syncRequester(name, options);
	const start = name === 'letters' ? options.lettersStart : undefined;

	const send = async (rows: readonly RefusableRow[]): Promise<unknown[]> => {
		const body = await request<PushResponse<unknown>>(`${base}/push?v=${version}${mailbox}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				rows: await Promise.all(
					rows.map(async (row) => ({
						assumedMasterState: row.assumedMasterState ?? null,
						newDocumentState:
							name === 'outgoing' && !row.assumedMasterState
								? await withAttachmentContent(row.newDocumentState, options.attachmentContent)
								: row.newDocumentState
					}))
				)
			})
		});
		return body.conflicts;
	};

	/**
	 * Pushes rows; when the server refuses them for good, each is pushed alone, so one refused change holds
	 * no other, and a refused one is given up (./refusals.ts): its conflict answer is the server's state.
	 */
	const pushRows = async (rows: readonly RefusableRow[]): Promise<unknown[]> => {
		try {
			return await send(rows);
		} catch (error) {
			if (!refusedForGood(error)) throw error;
			if (rows.length === 1) {
				hooks.onRefused?.(name, error);
				return [giveUp(name, rows[0]!)];
			}
			const conflicts: unknown[] = [];
			for (const row of rows) conflicts.push(...(await pushRows([row])));
			return conflicts;
		}
	};

	const state = replicateRxCollection<unknown, Checkpoint>({
		collection,
		replicationIdentifier: replicationIdentifier(
			options.origin,
			deviceKey(options.citizenId, options.mailboxId ?? null),
			name
		),
		live: true,
		retryTime: options.retryTime ?? 5000,
		waitForLeadership: true,
		pull: {
			batchSize: PULL_BATCH,
			// Used only while the replication has no checkpoint stored (RxDB ignores it afterwards).
			initialCheckpoint: start?.pull,
			handler: async (checkpoint, batchSize) => {
				const from = checkpoint?.seq ?? 0;
				const body = await request<PullResponse<unknown>>(
					`${base}/pull?checkpoint=${from}&limit=${batchSize}&v=${version}${mailbox}`
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
			stream$: resyncStream(`${base}/stream?v=${version}${mailbox}`, options.eventSource) as Observable<
				RxReplicationPullStreamItem<unknown, Checkpoint>
			>
		},
		push: {
			initialCheckpoint: start?.push,
			// A new outgoing message carries its files (≤ 10 MB, 13.4 MB as base64): two fit one push body.
			batchSize: name === 'outgoing' ? OUTGOING_PUSH_BATCH : PUSH_BATCH,
			handler: async (rows) => {
				const conflicts = await pushRows(rows);
				hooks.onPushed?.(name, rows.length, conflicts.length);
				return conflicts as never[];
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

/**
 * Of these ids, those whose latest local state has not reached the server: RxDB's record of the last state
 * the server accepted (the assumed master state) differs from the device's, or a resolved conflict still
 * waits to be pushed. The same test RxDB's own `awaitDocumentPushed` makes, for many documents at once.
 * A replication that has not started (another tab leads) cannot tell: every id counts as waiting.
 */
export async function unpushedIds(
	state: RxReplicationState<unknown, Checkpoint>,
	ids: readonly string[]
): Promise<Set<string>> {
	const internal = state.internalReplicationState;
	if (!internal || ids.length === 0) return new Set(ids);
	// A push in flight writes the accepted state only when it is done.
	await internal.streamQueue.up;
	const [assumed, local] = await Promise.all([
		getAssumedMasterState(internal, [...ids]),
		internal.input.forkInstance.findDocumentsById([...ids], true)
	]);
	const localById = new Map(local.map((doc) => [(doc as unknown as { id: string }).id, doc]));
	const waiting = new Set<string>();
	for (const id of ids) {
		const doc = localById.get(id);
		if (!doc) continue; // no longer on the device: nothing to push
		const accepted = assumed[id];
		const pushed =
			accepted !== undefined &&
			accepted.metaDocument.isResolvedConflict !== doc._rev &&
			internal.input.conflictHandler.isEqual(
				accepted.docData,
				writeDocToDocState(doc, false, false),
				'postkasse-pending'
			);
		if (!pushed) waiting.add(id);
	}
	return waiting;
}

/** Drops from `pending` what the server has taken: the push side holds nothing more for those documents. */
async function settlePending(
	replication: MailReplication,
	pending: PendingChanges,
	collection: SyncCollection
): Promise<void> {
	const state = replication[collection];
	const checked = pending.snapshot(collection);
	if (checked.size === 0) return;
	const waiting = await unpushedIds(state, [...checked.keys()]).catch(() => new Set(checked.keys()));
	if (!state.isStopped()) pending.settle(collection, checked, waiting);
}

/**
 * Settles every collection now. For a device that must start over: its pulls keep failing, so the
 * replication may never turn idle, the moment `trackPending` waits for.
 */
export async function settleAllPending(replication: MailReplication, pending: PendingChanges): Promise<void> {
	await Promise.all(collections.map((collection) => settlePending(replication, pending, collection)));
}

/**
 * Settles waiting changes as the replication pushes them: after every push and whenever a collection goes
 * idle, the waiting ids are checked against the replication's bookkeeping (never cleared on "idle" alone).
 */
export function trackPending(replication: MailReplication, pending: PendingChanges): () => void {
	const subs: Subscription[] = [];
	for (const collection of collections) {
		const state = replication[collection];
		let running: Promise<void> | null = null;
		let again = false;
		const check = () => {
			if (running) {
				again = true;
				return;
			}
			running = (async () => {
				do {
					again = false;
					await settlePending(replication, pending, collection);
				} while (again);
			})().finally(() => (running = null));
		};
		subs.push(
			state.sent$.subscribe(check),
			state.active$.subscribe((active) => {
				if (!active) check();
			})
		);
	}
	return () => subs.forEach((sub) => sub.unsubscribe());
}
