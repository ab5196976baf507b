/**
 * Which local changes have not reached the server yet, per collection, for the "changes waiting" count.
 * A change is added when the device writes it, settled when the replication reports it pushed, and a
 * collection is cleared when its replication goes idle after succeeding (everything queued was pushed).
 * Kept in localStorage for persistent sign-ins so the count survives a reload.
 */
import type { SyncCollection } from '$lib/schemas/sync';

type Listener = (count: number) => void;

export class PendingChanges {
	private sets: Record<SyncCollection, Set<string>> = {
		letters: new Set(),
		folders: new Set(),
		outgoing: new Set()
	};
	private listeners = new Set<Listener>();

	constructor(
		private readonly storage: Storage | null,
		private readonly key: string
	) {
		this.load();
	}

	get count(): number {
		return this.sets.letters.size + this.sets.folders.size + this.sets.outgoing.size;
	}

	has(collection: SyncCollection, id: string): boolean {
		return this.sets[collection].has(id);
	}

	add(collection: SyncCollection, id: string): void {
		if (this.sets[collection].has(id)) return;
		this.sets[collection].add(id);
		this.changed();
	}

	settle(collection: SyncCollection, id: string): void {
		if (this.sets[collection].delete(id)) this.changed();
	}

	clear(collection: SyncCollection): void {
		if (this.sets[collection].size === 0) return;
		this.sets[collection].clear();
		this.changed();
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
			for (const collection of Object.keys(this.sets) as SyncCollection[]) {
				this.sets[collection] = new Set(stored[collection] ?? []);
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
					Object.entries(this.sets).map(([collection, ids]) => [collection, [...ids]])
				);
				this.storage.setItem(this.key, JSON.stringify(value));
			} catch {
				// see load()
			}
		}
		for (const listener of this.listeners) listener(this.count);
	}
}
