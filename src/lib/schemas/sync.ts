import { z } from 'zod';
import { letterDoc } from './letter';
import { folderDoc } from './folder';
import { outgoingDoc, outgoingPushDoc } from './outgoing';
import {
	BULK_LIMIT_MAX,
	PULL_LIMIT_MAX,
	PUSH_BODY_MAX_BYTES,
	PUSH_ROWS_MAX,
	schemaVersions
} from './sync-constants';

export { BULK_LIMIT_MAX, PULL_LIMIT_MAX, PUSH_BODY_MAX_BYTES, PUSH_ROWS_MAX, schemaVersions };

/**
 * The replication wire protocol (routes under /api/sync/v1/<collection>/…).
 *
 * pull   GET  ?checkpoint=<seq>&limit=<n>&v=<schemaVersion>  → PullResponse
 *        (`latestSeq` is the mailbox's newest sequence, so a device can show first-sync progress)
 * push   POST ?v=<schemaVersion>  body PushRequest            → PushResponse (conflicts only)
 * stream GET  ?v=<schemaVersion>  text/event-stream: "data: RESYNC" whenever the mailbox changes,
 *        a ": ping" comment every 25 s. The client answers every message and reconnect with RESYNC.
 * bulk   GET  ?before=<seq>&limit=<n>&v=<schemaVersion>        → BulkResponse (letters only)
 *        An empty device's first load: the live letters, newest change first, in large pages. The first page
 *        (no `before`) names the checkpoint the replication starts from afterwards; anything changed later
 *        has a higher sequence and comes through the pull, so nothing is missed.
 *
 * A pull whose checkpoint is older than the tombstones the server has purged gets 410 `checkpoint_expired`:
 * the device pushes what waits, then starts over with a bulk load.
 *
 * Checkpoints are the mailbox's own server-assigned sequence, shared by its three collections.
 * A schema version the server does not know gets 426.
 */
export const syncCollections = {
	letters: { schema: letterDoc, version: schemaVersions.letters },
	folders: { schema: folderDoc, version: schemaVersions.folders },
	outgoing: { schema: outgoingDoc, version: schemaVersions.outgoing }
} as const;

/** What a push may carry, where it is more than the stored document (a new message's file bytes). */
export const pushSchemas = {
	letters: letterDoc,
	folders: folderDoc,
	outgoing: outgoingPushDoc
} as const;

export type SyncCollection = keyof typeof syncCollections;
export const syncCollectionName = z.enum(['letters', 'folders', 'outgoing']);

export const checkpoint = z.object({ seq: z.number().int().min(0) });
export type Checkpoint = z.infer<typeof checkpoint>;

export const pullQuery = z.object({
	checkpoint: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(200),
	v: z.coerce.number().int().min(0)
});

export const bulkQuery = z.object({
	before: z.coerce.number().int().min(1).optional(),
	limit: z.coerce.number().int().min(1).max(BULK_LIMIT_MAX).default(500),
	v: z.coerce.number().int().min(0)
});

export const versionQuery = z.object({ v: z.coerce.number().int().min(0) });

export function pullResponse<T extends z.ZodType>(doc: T) {
	return z.object({ documents: z.array(doc), checkpoint, latestSeq: z.number().int().min(0) });
}

export function pushRequest<T extends z.ZodType>(doc: T) {
	return z.object({
		rows: z
			.array(z.object({ assumedMasterState: doc.nullable(), newDocumentState: doc }))
			.min(1)
			.max(PUSH_ROWS_MAX)
	});
}

export function pushResponse<T extends z.ZodType>(doc: T) {
	return z.object({ conflicts: z.array(doc) });
}

export type PullResponse<T> = { documents: T[]; checkpoint: Checkpoint; latestSeq: number };
export type PushRow<T> = { assumedMasterState: T | null; newDocumentState: T };
export type PushResponse<T> = { conflicts: T[] };

export function bulkResponse<T extends z.ZodType>(doc: T) {
	return z.object({
		documents: z.array(doc),
		checkpoint,
		/** Letters left from this page on, this one included (the first page's is the whole load's, for progress). */
		total: z.number().int().min(0),
		/** `before` for the next page; null on the last. */
		next: z.number().int().min(1).nullable()
	});
}
export type BulkResponse<T> = { documents: T[]; checkpoint: Checkpoint; total: number; next: number | null };
