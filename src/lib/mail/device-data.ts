/**
 * Everything Postkasse keeps on a device for a citizen, and how to remove it: the mailbox database, its
 * search index, drafts and attached files waiting to be sent (./draft-store.ts), the letter-file cache, the inbox snapshot, the sync bookkeeping and the cached session. Removing goes through
 * `forgetCitizens` only (called by the sign-out path, $lib/auth/sign-out.ts, and when another person signs in).
 */
import { openDatabase } from '$lib/db/open-database';
import { withFileCachingHeld } from './file-caching';
import { DRAFTS_PREFIX, draftsDatabaseName, forgetMemoryDrafts } from './draft-store';
import { SESSION_KEY, readCachedSession } from './session';

// RxDB loads after the first screen is drawn; removing a database can wait for it.
const db = () => import('$lib/db');

export const FILE_CACHE_PREFIX = 'postkasse-files-';
const DATABASE_PREFIX = 'rxdb-dexie-postkasse-';
/** The saved search index: `<prefix><sanitized citizen id>` (./search/saved-index.ts). */
export const SEARCH_INDEX_PREFIX = 'postkasse-search-';

/**
 * Whose data a key names on this device: the citizen's own mailbox is kept under the citizen id, a mailbox the
 * citizen opens as a helper under `<citizen id>.<mailbox id>` (so it goes with the citizen, and alone when the
 * access ends). Every per-mailbox name below (database, snapshot, index, pending changes, files) uses it.
 */
export function deviceKey(citizenId: string, helpedMailboxId: string | null): string {
	return helpedMailboxId ? `${citizenId}.${helpedMailboxId}` : citizenId;
}

/** Whether data kept under `owner` belongs to the citizen `keep` (their own mailbox or one they help with). */
function belongsTo(owner: string, keep: string, separator: string): boolean {
	return owner === keep || owner.startsWith(keep + separator);
}

export function fileCacheName(citizenId: string): string {
	return `${FILE_CACHE_PREFIX}${citizenId}`;
}

/** localStorage keys that belong to one citizen: `<prefix><citizenId>`. */
export const citizenKeys = {
	snapshot: 'postkasse.snapshot.',
	pending: 'postkasse.pending.',
	synced: 'postkasse.synced.',
	/** The mailboxes the citizen may open as a helper, as the server last listed them (./helped.ts). */
	helped: 'postkasse.helped.',
	/** How far the first bulk load of the letters got ($lib/sync/bulk-load.ts). */
	bulk: 'postkasse.bulk.'
} as const;

export function citizenStorageKey(prefix: string, citizenId: string): string {
	return `${prefix}${citizenId}`;
}

function citizenKeysOnDevice(): { key: string; prefix: string; owner: string }[] {
	const found: { key: string; prefix: string; owner: string }[] = [];
	for (let i = 0; i < localStorage.length; i += 1) {
		const key = localStorage.key(i);
		const prefix = key && Object.values(citizenKeys).find((p) => key.startsWith(p));
		if (key && prefix) found.push({ key, prefix, owner: key.slice(prefix.length) });
	}
	return found;
}

async function databaseNames(): Promise<string[]> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
	return (await indexedDB.databases())
		.map((d) => d.name ?? '')
		.filter(
			(name) =>
				name.startsWith(DATABASE_PREFIX) ||
				name.startsWith(SEARCH_INDEX_PREFIX) ||
				name.startsWith(DRAFTS_PREFIX)
		);
}

async function fileCacheNames(): Promise<string[]> {
	if (typeof caches === 'undefined') return [];
	return (await caches.keys()).filter((name) => name.startsWith(FILE_CACHE_PREFIX));
}

/** Whether any citizen's data is on this device (without loading RxDB). */
export async function deviceHoldsCitizenData(): Promise<boolean> {
	if (localStorage.getItem(SESSION_KEY) !== null || citizenKeysOnDevice().length > 0) return true;
	const [databases, fileCaches] = await Promise.all([databaseNames(), fileCacheNames()]);
	return databases.length > 0 || fileCaches.length > 0;
}

/** Whether changes made on this device have not reached the server (they go with the data). */
export function unsavedChangesOnDevice(): boolean {
	return citizenKeysOnDevice().some(({ key, prefix }) => {
		if (prefix !== citizenKeys.pending) return false;
		try {
			const stored = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown[]>;
			return Object.values(stored).some((ids) => Array.isArray(ids) && ids.length > 0);
		} catch {
			return false;
		}
	});
}

/**
 * Removes every citizen's data from this device; with `keep`, that one citizen's own data stays (a different
 * person signing in never sees the previous person's letters, and the signed-in citizen keeps theirs).
 */
export function forgetCitizens(keep: string | null = null): Promise<void> {
	// Files still on their way into a cache would outlive the deletion.
	return withFileCachingHeld(() => forgetCitizensNow(keep));
}

async function forgetCitizensNow(keep: string | null): Promise<void> {
	const isOther = (owner: string) => keep === null || !belongsTo(owner, keep, '.');
	const cached = readCachedSession();
	if (!cached || isOther(cached.citizenId)) localStorage.removeItem(SESSION_KEY);
	for (const { key, owner } of citizenKeysOnDevice()) if (isOther(owner)) localStorage.removeItem(key);

	if (keep === null) forgetMemoryDrafts();
	const removals: Promise<unknown>[] = (await fileCacheNames())
		.filter((name) => isOther(name.slice(FILE_CACHE_PREFIX.length)))
		.map((name) => caches.delete(name));
	// Without a stored or open database there is no need to load RxDB (e.g. a signed-out visit to /mail).
	if ((await databaseNames()).length === 0 && !openDatabase()) {
		await Promise.all(removals);
		return;
	}
	const {
		databaseName,
		deleteIndexedDbDatabases,
		mailDatabaseOwners,
		removeMailDatabase,
		removeOpenMailDatabase
	} = await db();
	// This page's open database first (memory storage has no other trace; an open connection would block
	// the deletion of the stored one).
	if (keep === null) await removeOpenMailDatabase();
	const kept = keep === null ? null : databaseName(keep).slice('postkasse-'.length);
	for (const owner of await mailDatabaseOwners()) {
		// The owner is the database name's (sanitized) suffix; removeMailDatabase sanitizes again (idempotent).
		if (kept === null || !belongsTo(owner, kept, '-')) removals.push(removeMailDatabase(owner));
	}
	const searchIndexes = (await databaseNames()).filter(
		(name) =>
			name.startsWith(SEARCH_INDEX_PREFIX) &&
			(kept === null || !belongsTo(name.slice(SEARCH_INDEX_PREFIX.length), kept, '-'))
	);
	const keptDrafts = keep === null ? null : draftsDatabaseName(keep);
	const drafts = (await databaseNames()).filter(
		(name) => name.startsWith(DRAFTS_PREFIX) && (keptDrafts === null || !belongsTo(name, keptDrafts, '-'))
	);
	removals.push(deleteIndexedDbDatabases((name) => searchIndexes.includes(name) || drafts.includes(name)));
	await Promise.all(removals);
}

/**
 * Removes one mailbox's data kept under `key` (see deviceKey): its database, search index, drafts, snapshot,
 * pending changes and cached files — when a helper's access to it has ended.
 */
export function forgetMailbox(key: string): Promise<void> {
	return withFileCachingHeld(() => forgetMailboxNow(key));
}

async function forgetMailboxNow(key: string): Promise<void> {
	for (const { key: storageKey, owner } of citizenKeysOnDevice()) {
		if (owner === key) localStorage.removeItem(storageKey);
	}
	const { databaseName, deleteIndexedDbDatabases, removeMailDatabase } = await db();
	const indexName = SEARCH_INDEX_PREFIX + databaseName(key).slice('postkasse-'.length);
	const draftsName = draftsDatabaseName(key);
	await Promise.all([
		typeof caches === 'undefined' ? null : caches.delete(fileCacheName(key)),
		removeMailDatabase(key),
		deleteIndexedDbDatabases((name) => name === indexName || name === draftsName)
	]);
}

/**
 * Drops the device's copy of one mailbox (database, search index, snapshot, bulk-load record) so it loads
 * again from the server, when the server no longer keeps what this copy missed. Drafts, files waiting to be
 * sent, the file cache and the pending-change record (empty by then) stay.
 */
export async function forgetMailboxCopy(key: string): Promise<void> {
	for (const prefix of [citizenKeys.snapshot, citizenKeys.bulk]) {
		localStorage.removeItem(citizenStorageKey(prefix, key));
	}
	const { databaseName, deleteIndexedDbDatabases, removeMailDatabase, removeOpenMailDatabase } = await db();
	const indexName = SEARCH_INDEX_PREFIX + databaseName(key).slice('postkasse-'.length);
	await removeOpenMailDatabase();
	await Promise.all([removeMailDatabase(key), deleteIndexedDbDatabases((name) => name === indexName)]);
}
