/**
 * The search index kept on the device between visits: one IndexedDB database per citizen, holding one
 * record. Removed at sign-out with the rest of the citizen's data ($lib/mail/device-data.ts); never written
 * for a shared-computer sign-in.
 */
import { databaseName } from '$lib/db';
import { SEARCH_INDEX_PREFIX } from '../device-data';
import type { SavedIndex } from './letter-search';

const STORE = 'index';
const KEY = 'letters';

export function searchIndexName(citizenId: string): string {
	return SEARCH_INDEX_PREFIX + databaseName(citizenId).slice('postkasse-'.length);
}

/** Opens the citizen's store; only a save creates it (looking must leave no trace on the device). */
function open(citizenId: string, create: boolean): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(searchIndexName(citizenId), 1);
		request.onupgradeneeded = () => {
			if (create) request.result.createObjectStore(STORE);
			else request.transaction?.abort();
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error ?? new Error('search index: cannot open'));
		request.onblocked = () => reject(new Error('search index: blocked'));
	});
}

function run<T>(citizenId: string, mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>) {
	return open(citizenId, mode === 'readwrite').then(
		(db) =>
			new Promise<T>((resolve, reject) => {
				const tx = db.transaction(STORE, mode);
				const request = use(tx.objectStore(STORE));
				tx.oncomplete = () => {
					db.close();
					resolve(request.result);
				};
				tx.onerror = tx.onabort = () => {
					db.close();
					reject(tx.error ?? new Error('search index: transaction failed'));
				};
			})
	);
}

/** The saved index, or null when there is none (or it cannot be read). */
export async function loadSavedIndex(citizenId: string): Promise<SavedIndex | null> {
	try {
		const value = await run<unknown>(citizenId, 'readonly', (store) => store.get(KEY));
		return value && typeof value === 'object' ? (value as SavedIndex) : null;
	} catch {
		return null;
	}
}

export async function saveIndex(citizenId: string, saved: SavedIndex): Promise<void> {
	try {
		await run(citizenId, 'readwrite', (store) => store.put(saved, KEY));
	} catch {
		// A full disk only costs the next start a rebuild.
	}
}
