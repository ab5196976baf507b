/**
 * What the citizen is writing, kept on the device: the draft of a reply or new message (so a reload or a
 * closed tab loses nothing, also offline) and the bytes of attached files until the message is pushed.
 * One IndexedDB database per citizen (`postkasse-drafts-<id>`), removed at sign-out with the rest of the
 * citizen's data (./device-data.ts). A shared-computer sign-in keeps them in memory only.
 * Each call opens and closes its own connection, so sign-out's deletion is never blocked.
 */
import type { OutgoingAttachment } from '$lib/schemas/outgoing';

export const DRAFTS_PREFIX = 'postkasse-drafts-';

export interface SavedDraft {
	/** `reply:<letterId>` or `new`. */
	key: string;
	recipientId: string;
	title: string;
	body: string;
	attachments: OutgoingAttachment[];
	savedAt: number;
}

export interface DraftStore {
	draft(key: string): Promise<SavedDraft | null>;
	saveDraft(draft: SavedDraft): Promise<void>;
	removeDraft(key: string): Promise<void>;
	putFile(id: string, blob: Blob): Promise<void>;
	file(id: string): Promise<Blob | null>;
	removeFiles(ids: readonly string[]): Promise<void>;
}

export function draftKey(replyTo: string | null): string {
	return replyTo ? `reply:${replyTo}` : 'new';
}

/** The database's name for a citizen: the same sanitized suffix as the mailbox database's. */
export function draftsDatabaseName(citizenId: string): string {
	return DRAFTS_PREFIX + citizenId.toLowerCase().replace(/[^a-z0-9]/g, '-');
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

class IndexedDbDraftStore implements DraftStore {
	constructor(private readonly name: string) {}

	private open(): Promise<IDBDatabase> {
		const req = indexedDB.open(this.name, 1);
		req.onupgradeneeded = () => {
			req.result.createObjectStore('drafts', { keyPath: 'key' });
			req.result.createObjectStore('files');
		};
		return request(req);
	}

	private async run<T>(
		store: 'drafts' | 'files',
		mode: IDBTransactionMode,
		fn: (s: IDBObjectStore) => IDBRequest<T> | void
	): Promise<T | undefined> {
		const db = await this.open();
		try {
			const tx = db.transaction(store, mode);
			const req = fn(tx.objectStore(store));
			const done = new Promise<void>((resolve, reject) => {
				tx.oncomplete = () => resolve();
				tx.onerror = tx.onabort = () => reject(tx.error);
			});
			const result = req ? await request(req) : undefined;
			await done;
			return result;
		} finally {
			db.close();
		}
	}

	async draft(key: string): Promise<SavedDraft | null> {
		return ((await this.run('drafts', 'readonly', (s) => s.get(key))) as SavedDraft | undefined) ?? null;
	}
	async saveDraft(draft: SavedDraft): Promise<void> {
		await this.run('drafts', 'readwrite', (s) => s.put(JSON.parse(JSON.stringify(draft)) as SavedDraft));
	}
	async removeDraft(key: string): Promise<void> {
		await this.run('drafts', 'readwrite', (s) => s.delete(key));
	}
	async putFile(id: string, blob: Blob): Promise<void> {
		await this.run('files', 'readwrite', (s) => s.put(blob, id));
	}
	async file(id: string): Promise<Blob | null> {
		return ((await this.run('files', 'readonly', (s) => s.get(id))) as Blob | undefined) ?? null;
	}
	async removeFiles(ids: readonly string[]): Promise<void> {
		if (ids.length === 0) return;
		await this.run('files', 'readwrite', (s) => void ids.forEach((id) => s.delete(id)));
	}
}

class MemoryDraftStore implements DraftStore {
	#drafts = new Map<string, SavedDraft>();
	#files = new Map<string, Blob>();
	async draft(key: string) {
		return this.#drafts.get(key) ?? null;
	}
	async saveDraft(draft: SavedDraft) {
		this.#drafts.set(draft.key, draft);
	}
	async removeDraft(key: string) {
		this.#drafts.delete(key);
	}
	async putFile(id: string, blob: Blob) {
		this.#files.set(id, blob);
	}
	async file(id: string) {
		return this.#files.get(id) ?? null;
	}
	async removeFiles(ids: readonly string[]) {
		ids.forEach((id) => this.#files.delete(id));
	}
}

// A shared-computer sign-in's drafts live as long as the page (like its in-memory mailbox).
const memoryStores = new Map<string, MemoryDraftStore>();

export function openDraftStore(citizenId: string, persistent: boolean): DraftStore {
	if (persistent && typeof indexedDB !== 'undefined')
		return new IndexedDbDraftStore(draftsDatabaseName(citizenId));
	let store = memoryStores.get(citizenId);
	if (!store) memoryStores.set(citizenId, (store = new MemoryDraftStore()));
	return store;
}

/** Forgets the in-memory drafts (sign-out). */
export function forgetMemoryDrafts(): void {
	memoryStores.clear();
}

/** A Blob as base64, for the sync push. */
export async function blobToBase64(blob: Blob): Promise<string> {
	const bytes = new Uint8Array(await blob.arrayBuffer());
	let binary = '';
	const CHUNK = 0x8000;
	for (let i = 0; i < bytes.length; i += CHUNK) {
		binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
	}
	return btoa(binary);
}
