/**
 * Everything Postkasse keeps on a device for one citizen, and how to remove it: the mailbox database, the
 * letter-file cache, the inbox snapshot, the sync bookkeeping and the cached session.
 */
import { SESSION_KEY, readCachedSession } from './session';

// RxDB loads after the first screen is drawn; removing data can wait for it.
const db = () => import('$lib/db');

export const FILE_CACHE_PREFIX = 'postkasse-files-';

export function fileCacheName(citizenId: string): string {
	return `${FILE_CACHE_PREFIX}${citizenId}`;
}

/** localStorage keys that belong to one citizen. */
const citizenKeyPrefixes = ['postkasse.snapshot.', 'postkasse.pending.', 'postkasse.synced.'];

export function citizenStorageKey(prefix: string, citizenId: string): string {
	return `${prefix}${citizenId}`;
}

function removeLocalKeys(match: (citizenId: string) => boolean): void {
	for (let i = localStorage.length - 1; i >= 0; i -= 1) {
		const key = localStorage.key(i);
		if (!key) continue;
		const prefix = citizenKeyPrefixes.find((p) => key.startsWith(p));
		if (prefix && match(key.slice(prefix.length))) localStorage.removeItem(key);
	}
}

async function deleteFileCaches(match: (citizenId: string) => boolean): Promise<void> {
	if (typeof caches === 'undefined') return;
	const names = await caches.keys();
	await Promise.all(
		names
			.filter((name) => name.startsWith(FILE_CACHE_PREFIX) && match(name.slice(FILE_CACHE_PREFIX.length)))
			.map((name) => caches.delete(name))
	);
}

/** Removes all of one citizen's data from this device (sign-out). */
export async function removeCitizenData(citizenId: string): Promise<void> {
	const cached = readCachedSession();
	if (cached?.citizenId === citizenId) localStorage.removeItem(SESSION_KEY);
	removeLocalKeys((owner) => owner === citizenId);
	const { removeMailDatabase } = await db();
	await Promise.all([removeMailDatabase(citizenId), deleteFileCaches((owner) => owner === citizenId)]);
}

/**
 * Removes every other citizen's data, so a different person signing in on this device never sees the previous
 * person's letters. With `keepOwn` false (a shared-computer sign-in) the citizen's own stored data goes too.
 */
export async function removeOtherCitizensData(citizenId: string, keepOwn: boolean): Promise<void> {
	const { databaseName, mailDatabaseOwners, removeMailDatabase } = await db();
	const ownDb = databaseName(citizenId).slice('postkasse-'.length);
	const isOther = (owner: string) => !keepOwn || owner !== citizenId;
	const cached = readCachedSession();
	if (cached && isOther(cached.citizenId)) localStorage.removeItem(SESSION_KEY);
	removeLocalKeys(isOther);
	const owners = await mailDatabaseOwners();
	const removals: Promise<void>[] = [deleteFileCaches(isOther)];
	for (const owner of owners) {
		if (keepOwn && owner === ownDb) continue;
		// The sanitized owner is the database name's suffix; removeMailDatabase sanitizes again (idempotent).
		removals.push(removeMailDatabase(owner));
	}
	await Promise.all(removals);
}
