/**
 * Which local changes have not reached the server yet, per collection, for the "changes waiting" count and
 * "everything is saved". A change is added when the device writes it; it is settled only when the
 * replication's own bookkeeping shows the document's latest local state is the one the server accepted.
 *
 * Why not "the replication went idle": RxDB reports its push side idle while it pushes during a resync, and
 * between a conflict and the push of its resolution. Clearing the count then said "everything is saved"
 * while a change was still on its way.
 *
 * Kept in localStorage for persistent sign-ins so the count survives a reload and other tabs see it.
 */
import type { SyncCollection } from '../schemas/sync';

type Listener = (count: number) => void;
const collections: readonly SyncCollection[] = ['letters', 'folders', 'outgoing'];

export class PendingChanges {
	/** id → how often it was written, so a check that started before the latest write cannot settle it. */
	private writes: Record<SyncCollection, Map<string, number>> = {
		letters: new Map(),
		folders: new Map(),
		outgoing: new Map()
	};
	private listeners = new Set<Listener>();

	constructor(
		private readonly storage: Storage | null,
		private readonly key: string
	) {
		this.load();
	}

	get count(): number {
		return collections.reduce((sum, collection) => sum + this.writes[collection].size, 0);
	}

	has(collection: SyncCollection, id: string): boolean {
		return this.writes[collection].has(id);
	}

	add(collection: SyncCollection, id: string): void {
		const writes = this.writes[collection];
		const known = writes.has(id);
		writes.set(id, (writes.get(id) ?? 0) + 1);
		if (!known) this.changed();
	}

	/** The waiting ids of a collection with their write counts, to check against the replication. */
	snapshot(collection: SyncCollection): Map<string, number> {
		return new Map(this.writes[collection]);
	}

	/** Settles the checked ids found pushed, unless they were written again since the snapshot. */
	settle(collection: SyncCollection, checked: Map<string, number>, unpushed: ReadonlySet<string>): void {
		const writes = this.writes[collection];
		let settled = false;
		for (const [id, count] of checked) {
			if (unpushed.has(id) || writes.get(id) !== count) continue;
			writes.delete(id);
			settled = true;
		}
		if (settled) this.changed();
	}

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		listener(this.count);
		return () => this.listeners.delete(listener);
	}

	/** Re-reads the stored state, e.g. after another tab changed it. */
	load(): void {
		if (!this.storage) return;
		try {
			const raw = this.storage.getItem(this.key);
			const stored = raw ? (JSON.parse(raw) as Partial<Record<SyncCollection, string[]>>) : {};
			for (const collection of collections) {
				const previous = this.writes[collection];
				this.writes[collection] = new Map(
					(stored[collection] ?? []).map((id) => [id, previous.get(id) ?? 1])
				);
			}
		} catch {
			// A broken entry only costs the count; the data itself is in the database.
		}
		for (const listener of this.listeners) listener(this.count);
	}

	private changed(): void {
		if (this.storage) {
			try {
				const value = Object.fromEntries(
					collections.map((collection) => [collection, [...this.writes[collection].keys()]])
				);
				this.storage.setItem(this.key, JSON.stringify(value));
			} catch {
				// see load()
			}
		}
		for (const listener of this.listeners) listener(this.count);
	}
}
