/**
 * Letter files: their URLs, and the device cache that lets a letter opened once (and the newest letters)
 * show its files offline. The service worker answers GET /api/v1/files/* from any `postkasse-files-*` cache
 * first; this module only fills the citizen's cache. Shared-computer sign-ins keep no files.
 */
import type { FileRef, LetterDoc } from '$lib/schemas/letter';
import { fileCacheName } from './device-data';
import { cacheUnlessRemoving } from './file-caching';

/** Files larger than this are fetched when opened but not kept for offline use. */
export const MAX_CACHED_FILE_BYTES = 15 * 1024 * 1024;
/** How many of the newest letters get their files fetched ahead. */
export const PREFETCH_LETTERS = 10;

/** The mailbox this page shows when it is someone else's (a helper's view); null for the citizen's own. */
let helpedMailboxId: string | null = null;

/** Set once per page by the mailbox: every file URL then names the mailbox, as the server requires. */
export function showFilesOf(mailboxId: string | null): void {
	helpedMailboxId = mailboxId;
}

export function fileUrl(fileId: string): string {
	const url = `/api/v1/files/${encodeURIComponent(fileId)}`;
	return helpedMailboxId ? `${url}?mailbox=${encodeURIComponent(helpedMailboxId)}` : url;
}

export function letterFiles(letter: Pick<LetterDoc, 'documents'>): FileRef[] {
	return letter.documents.flatMap((document) => document.files);
}

/**
 * Puts the files in the citizen's cache unless they are there already. Never throws. `keepLarge`: the
 * citizen asked to keep this letter ("Keep offline"), so files over MAX_CACHED_FILE_BYTES are kept too.
 */
export async function cacheFiles(
	citizenId: string,
	files: FileRef[],
	{ keepLarge = false }: { keepLarge?: boolean } = {}
): Promise<number> {
	if (typeof caches === 'undefined' || files.length === 0) return 0;
	return cacheUnlessRemoving(async (signal) => {
		let stored = 0;
		try {
			const cache = await caches.open(fileCacheName(citizenId));
			for (const file of files) {
				if (file.size > MAX_CACHED_FILE_BYTES && !keepLarge) continue;
				const url = fileUrl(file.id);
				if (await cache.match(url)) continue;
				const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', signal });
				if (!res.ok) continue;
				// The body is read into the cache after this check; an abort then fails the put.
				if (signal.aborted) break;
				await cache.put(url, res);
				stored += 1;
			}
		} catch {
			// Offline or out of quota: the files still open online.
		}
		return stored;
	}, 0);
}

/** Which of these files are on the device (the same cache the service worker answers from). */
export async function cachedFileIds(citizenId: string, files: FileRef[]): Promise<Set<string>> {
	const kept = new Set<string>();
	if (typeof caches === 'undefined') return kept;
	try {
		const cache = await caches.open(fileCacheName(citizenId));
		for (const file of files) if (await cache.match(fileUrl(file.id))) kept.add(file.id);
	} catch {
		// No Cache Storage (private mode): nothing is kept.
	}
	return kept;
}
