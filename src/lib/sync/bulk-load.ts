/**
 * The first load of an empty device's letters at IndexedDB speed: large pages from GET …/letters/bulk added
 * straight to the collection's storage (one IndexedDB transaction per page, ./bulk-store.ts), then the normal replication starts from
 * the checkpoint the server named when the load began. Anything delivered or changed during the load has a
 * higher sequence and comes through the pull, so nothing is missed; a letter is stored under its id, so
 * nothing is doubled.
 *
 * Why not through RxDB's replication: it stores every letter twice (the document and its "assumed master"
 * copy) and reads both stores first, about six IndexedDB operations per letter. Here each letter is written
 * once, without reading first, marked as written by the letters' replication (`_meta.o`, as RxDB's own downstream marks what it
 * pulls), so a later pull may update it; the push side starts after the loaded letters (they came from the
 * server). A letter the citizen changes gets a new revision, loses that mark and is pushed as usual.
 */
import { getChangedDocumentsSince, now, type RxCollection, type RxDocumentData } from 'rxdb';
import type { BulkResponse, Checkpoint } from '$lib/schemas/sync';
import { BULK_LIMIT_MAX, schemaVersions } from '$lib/schemas/sync-constants';
import { deviceKey } from '$lib/mail/device-data';
import {
	replicationIdentifier,
	syncRequester,
	syncUrls,
	type ReplicationOptions,
	type ReplicationStart
} from './replication';
import { storeLetters } from './bulk-store';

/** A small first page, so the first screen of letters shows at once; then large ones. */
export const BULK_FIRST_PAGE = 250;

/** What a load has done so far; kept on the device so an interrupted load goes on where it stopped. */
export interface BulkProgress {
	/** The server's checkpoint when the load began: the replication pulls from here. */
	pull: Checkpoint;
	/** `_meta.lwt` of every loaded letter and the largest loaded id: the push side starts after them. */
	lwt: number;
	maxId: string;
	/** `before` of the next page; null when every page is stored. */
	next: number | null;
	done: boolean;
	loaded: number;
	total: number;
}

export interface BulkLoadOptions extends ReplicationOptions {
	/** After each stored page (the first one makes the first screen). */
	onProgress?(loaded: number, total: number): void;
}

/** Whether the collection holds no document at all (deleted ones included). */
export async function collectionIsEmpty(collection: RxCollection): Promise<boolean> {
	const { documents } = await getChangedDocumentsSince(collection.storageInstance, 1);
	return documents.length === 0;
}

function startOf(progress: BulkProgress): ReplicationStart {
	return { pull: progress.pull, push: { id: progress.maxId, lwt: progress.lwt } };
}

/**
 * Loads the letters in bulk when the device has none (or finishes a load that was interrupted) and returns
 * where the letters' replication starts. Undefined: the device synced before and its replication knows where
 * it is. Throws what the requests throw (SyncHttpError, network errors); `save` has kept what was stored.
 */
export async function loadLettersInBulk(
	collection: RxCollection,
	options: BulkLoadOptions,
	saved: BulkProgress | null,
	save: (progress: BulkProgress) => void
): Promise<ReplicationStart | undefined> {
	const empty = await collectionIsEmpty(collection);
	if (!empty && !saved) return undefined;
	if (!empty && saved?.done) return startOf(saved);
	// An empty collection starts a new load; a non-empty one with an unfinished load goes on with it.
	let progress: BulkProgress | null = empty ? null : saved;

	const identifier = replicationIdentifier(
		options.origin,
		deviceKey(options.citizenId, options.mailboxId ?? null),
		'letters'
	);
	const hash = await collection.database.hashFunction('rxdbreplication' + identifier);
	const request = syncRequester('letters', options);
	const { base, mailbox } = syncUrls(options, 'letters');
	const page = (before: number | undefined, limit: number) =>
		request<BulkResponse<Record<string, unknown> & { id: string }>>(
			`${base}/bulk?limit=${limit}&v=${schemaVersions.letters}${before === undefined ? '' : `&before=${before}`}${mailbox}`
		);

	let fetching = page(progress?.next ?? undefined, progress ? BULK_LIMIT_MAX : BULK_FIRST_PAGE);
	// Pages are stored one step overlapped: the next page's transaction is handed to IndexedDB while the one
	// before commits (IndexedDB runs them in order), so preparing a page and writing the last one share the
	// time. Each page's progress is saved and shown once it is stored, in order.
	let stored: Promise<BulkProgress> | null = null;
	let older: Promise<BulkProgress> | null = null;
	for (;;) {
		const answer = await fetching;
		progress ??= {
			pull: answer.checkpoint,
			lwt: now(),
			maxId: '',
			next: null,
			done: false,
			loaded: 0,
			total: answer.total
		};
		// The next page is on its way while this one is written.
		const following = answer.next === null ? null : page(answer.next, BULK_LIMIT_MAX);
		following?.catch(() => undefined);
		const meta = { lwt: progress.lwt, o: { _rev: 1, hash } };
		const rev = `1-${hash}`;
		let maxId = progress.maxId;
		const letters = answer.documents.map((doc) => {
			if (doc.id > maxId) maxId = doc.id;
			const letter = { ...doc, _deleted: false, _rev: rev, _meta: meta, _attachments: {} };
			return letter as RxDocumentData<{ id: string }>;
		});
		const after: BulkProgress = {
			...progress,
			maxId,
			next: answer.next,
			done: answer.next === null,
			loaded: progress.loaded + letters.length
		};
		progress = after;
		// At most two pages in flight: the one before the last must be stored before this one starts. A page's
		// progress is saved only after every page before it was stored, so a failed page is loaded again.
		if (older) await older;
		older = stored;
		const written = storePage(collection, letters);
		stored = Promise.all([older, written]).then(() => {
			save(after);
			options.onProgress?.(after.loaded, after.total);
			return after;
		});
		stored.catch(() => undefined);
		if (!following) return startOf(await stored);
		fetching = following;
	}
}

/**
 * Straight into the storage (./bulk-store.ts): one IndexedDB transaction; the collection and the other tabs
 * still see the change events, so the list fills page by page.
 */
async function storePage(collection: RxCollection, letters: RxDocumentData<{ id: string }>[]): Promise<void> {
	if (letters.length === 0) return;
	const started = performance.now();
	await storeLetters(collection.internalStorageInstance, letters, 'postkasse-bulk-load');
	// For the benchmark: how much of the load is the storage's own write.
	performance.measure('postkasse-bulk-write', { start: started, end: performance.now() });
}
