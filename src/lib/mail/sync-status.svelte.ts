/**
 * What the sync bar says: online or not, whether the server answers, how many changes wait, when the
 * mailbox was last updated, the first sync's progress, whether the device must load its letters again,
 * whether the server refused a change and whether the app is too old for the server.
 */
import type { SyncCollection } from '$lib/schemas/sync';
import type { PullInfo } from '$lib/sync/replication';

export interface SyncProgress {
	done: number;
	total: number;
}

export class SyncStatus {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	/** False when the browser thinks it is online but the server cannot be reached. */
	reachable = $state(true);
	pendingCount = $state(0);
	lastSyncedAt = $state<number | null>(null);
	progress = $state.raw<SyncProgress | null>(null);
	/** True while any collection is pulling or pushing. */
	syncing = $state(false);
	outdated = $state(false);
	/** The server no longer has what this device missed (410): the letters load again once changes are saved. */
	startingOver = $state(false);
	/** Changes the server refused for good since the citizen last closed the notice (../sync/refusals.ts). */
	refused = $state(0);

	/** Where the last sync time is kept (persistent sign-ins only). */
	saveSyncedAt: ((at: number) => void) | null = null;
	#progressFrom: number | null = null;
	#savedAt = 0;

	constructor(
		/** Letters per pull: only a backlog of several pulls is worth a progress bar. */
		private readonly pullBatch: number
	) {}

	/** Follows the browser's online/offline events; returns the stop function. */
	watchNetwork(): () => void {
		const update = () => {
			this.online = navigator.onLine;
			if (!this.online) this.reachable = true;
		};
		addEventListener('online', update);
		addEventListener('offline', update);
		return () => {
			removeEventListener('online', update);
			removeEventListener('offline', update);
		};
	}

	markSynced(now = Date.now()): void {
		this.lastSyncedAt = now;
		this.reachable = true;
		if (this.saveSyncedAt && now - this.#savedAt > 5000) {
			this.#savedAt = now;
			this.saveSyncedAt(now);
		}
	}

	/** Takes a finished pull: the progress of a large first sync, and whether the letters caught up. */
	pulled(collection: SyncCollection, info: PullInfo): { caughtUp: boolean; afterBacklog: boolean } {
		this.markSynced();
		if (collection !== 'letters') return { caughtUp: false, afterBacklog: false };
		if (info.count < info.limit) {
			const afterBacklog = this.#progressFrom !== null;
			this.progress = null;
			this.#progressFrom = null;
			return { caughtUp: true, afterBacklog };
		}
		this.#progressFrom ??= info.from;
		const total = info.latestSeq - this.#progressFrom;
		if (total > 2 * this.pullBatch) {
			this.progress = { done: Math.min(info.to - this.#progressFrom, total), total };
		}
		return { caughtUp: false, afterBacklog: false };
	}
}
