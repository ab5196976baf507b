/**
 * Stores one page of the first load (./bulk-load.ts) in the letters' storage.
 *
 * On the Dexie storage the page is added straight to the IndexedDB table RxDB keeps the letters in, and
 * RxDB's change events for it are emitted exactly as the storage's own bulkWrite emits them. The bulkWrite
 * first reads every key of the page (to find conflicts) and only then writes: on an empty mailbox that read
 * finds nothing and costs 15–30 % of the write (README, the sync figures). IndexedDB's
 * add() refuses a key that is already stored, which is the same check without the read.
 *
 * What keeps this correct (tests/e2e/mail-bulk.spec.ts):
 * - the document is RxDB's own stored form (`fromStorageToDexie`, the storage's conversion);
 * - a letter already stored (another tab, a page stored before an interruption) is left as it is and gets no
 *   event, as the bulkWrite answers 409 for it;
 * - the events go into the storage instance's change stream, so this tab's collection (document cache,
 *   queries, the list index) and, through RxDB's multi-instance channel, every other open tab see the
 *   letters as if RxDB had written them.
 * It leans on two members RxDB 17.6 keeps on its Dexie storage instance (`internals`, `changes$`; rxdb is
 * pinned exactly): if either is missing, or the storage is another one (memory on a shared computer, the
 * dev-mode validation wrapper), the storage's own bulkWrite is used.
 */
import { randomToken, type EventBulk, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { RxStorageInstanceDexie, fromStorageToDexie } from 'rxdb/plugins/storage-dexie';

type Letter = RxDocumentData<{ id: string }>;
type ChangeEvent = {
	documentId: string;
	operation: 'INSERT';
	documentData: Letter;
	previousDocumentData: undefined;
};

interface DexieParts {
	internals: Promise<{
		dexieDb: { transaction(mode: 'rw', table: unknown, scope: () => Promise<void>): Promise<void> };
		dexieTable: { bulkAdd(docs: unknown[]): Promise<unknown> };
		booleanIndexes: string[];
	}>;
	changes$: { next(bulk: EventBulk<ChangeEvent, { id: string; lwt: number }>): void };
}

function dexieParts(instance: unknown): DexieParts | null {
	if (!(instance instanceof RxStorageInstanceDexie)) return null;
	const parts = instance as unknown as Partial<DexieParts>;
	return parts.internals instanceof Promise && typeof parts.changes$?.next === 'function'
		? (parts as DexieParts)
		: null;
}

/** Dexie's BulkError: which positions of the page failed, and why. */
function failedPositions(error: unknown): Map<number, Error> | null {
	const bulk = error as { name?: string; failuresByPos?: Record<number, Error> };
	if (bulk?.name !== 'BulkError' || !bulk.failuresByPos) return null;
	return new Map(Object.entries(bulk.failuresByPos).map(([pos, e]) => [Number(pos), e]));
}

/**
 * Adds the letters that are not stored yet and emits their change events; returns how many were added.
 * Letters already stored are skipped (as the bulkWrite's 409); any other failure throws and stores nothing.
 */
export async function storeLetters(
	instance: RxStorageInstance<unknown, unknown, unknown>,
	letters: Letter[],
	context: string
): Promise<number> {
	if (letters.length === 0) return 0;
	const dexie = dexieParts(instance);
	if (!dexie) {
		const result = await instance.bulkWrite(
			letters.map((document) => ({ document: document as RxDocumentData<unknown> })),
			context
		);
		const failed = result.error.find((error) => error.status !== 409);
		if (failed) throw new Error(`bulk load could not store a letter (${failed.status})`);
		return letters.length - result.error.length;
	}

	const state = await dexie.internals;
	const rows = letters.map((letter) => fromStorageToDexie(state.booleanIndexes, letter));
	let skipped = new Map<number, Error>();
	await state.dexieDb.transaction('rw', state.dexieTable, async () => {
		try {
			await state.dexieTable.bulkAdd(rows);
		} catch (error) {
			// Caught inside the transaction, so the letters that were added stay.
			const failed = failedPositions(error);
			if (!failed || [...failed.values()].some((e) => e.name !== 'ConstraintError')) throw error;
			skipped = failed;
		}
	});

	const events: ChangeEvent[] = [];
	let newest: Letter | undefined;
	letters.forEach((letter, i) => {
		if (skipped.has(i)) return;
		events.push({
			documentId: letter.id,
			operation: 'INSERT',
			documentData: letter,
			previousDocumentData: undefined
		});
		// The storage's checkpoints sort by (_meta.lwt, id).
		if (
			!newest ||
			letter._meta.lwt > newest._meta.lwt ||
			(letter._meta.lwt === newest._meta.lwt && letter.id > newest.id)
		)
			newest = letter;
	});
	if (newest) {
		const started = performance.now();
		dexie.changes$.next({
			id: `${context}-${randomToken(10)}`,
			events,
			checkpoint: { id: newest.id, lwt: newest._meta.lwt },
			context
		});
		// For the benchmark: how much of the write is RxDB's, the other tabs' and the lists' handling of it.
		performance.measure('postkasse-bulk-events', { start: started, end: performance.now() });
	}
	return events.length;
}
