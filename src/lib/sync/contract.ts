/**
 * The sync contract: who may change which field of a synced document, and what a device's push does to the
 * server's copy. Pure functions over wire documents (no database, no RxDB), used by the server's push
 * handlers, by the device's merge (./merge.ts) and by the tests' fake server, so the three cannot drift.
 *
 * - Letters: the content is the sender's and never changes; a device changes only `read`, `folder`,
 *   `trashedAt` and their clocks (`changedAt`). Devices cannot create or delete letters.
 * - Folders: a device creates, renames and deletes its citizen's folders; a deleted folder stays deleted
 *   and keeps its creation time.
 * - Outgoing messages: a device creates them ("waiting"); the server decides their fate (sent or failed).
 *   The one change a device may make afterwards is dismissing a failed one.
 *
 * Imported with relative paths only: server modules and test fixtures load it outside SvelteKit.
 */
import type { FolderDoc } from '../schemas/folder';
import type { LetterDoc } from '../schemas/letter';
import type { OutgoingDoc } from '../schemas/outgoing';
import type { PushRow } from '../schemas/sync';

/** Fields of a letter a device may change. Everything else belongs to the server. */
export const letterDeviceFields = ['read', 'folder', 'trashedAt', 'changedAt'] as const;
export type LetterDeviceState = Pick<LetterDoc, (typeof letterDeviceFields)[number]>;

/** What a push of one row does on the server. */
export type PushDecision<T> =
	/** The device's base is missing or stale: nothing is written, the device gets `current` and merges. */
	| { kind: 'conflict'; current: T }
	/** The row changes something the device may not change; the whole push is refused (403). */
	| { kind: 'forbidden'; field: string; message: string }
	/** Nothing to write (the server already holds this state). */
	| { kind: 'unchanged' }
	/** A new document; the server stores it with the next sequence number. */
	| { kind: 'create'; doc: T }
	/** The server's new copy; stored with the next sequence number. */
	| { kind: 'update'; doc: T };

/** The device built its change on another version than the server's current one. */
export function isStale(base: { serverSeq: number } | null, current: { serverSeq: number }): boolean {
	return !base || base.serverSeq !== current.serverSeq;
}

/** Deep equality of JSON values (documents, clocks), independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((value, i) => sameJson(value, b[i]));
	}
	const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
	const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
	return (
		ka.length === kb.length &&
		ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
	);
}

// ---------------------------------------------------------------------------------------------------------
// Letters
// ---------------------------------------------------------------------------------------------------------

/** A letter in the trash carries the time it was put there; anywhere else it carries none. */
export function trashedAtFor(folder: string, trashedAt: number | null, now: number): number | null {
	return folder === 'trash' ? (trashedAt ?? now) : null;
}

export function letterDeviceState(doc: LetterDoc): LetterDeviceState {
	return { read: doc.read, folder: doc.folder, trashedAt: doc.trashedAt, changedAt: doc.changedAt };
}

export function decideLetterPush(
	current: LetterDoc | null,
	row: PushRow<LetterDoc>,
	now: number
): PushDecision<LetterDoc> {
	const next = row.newDocumentState;
	// Letters come only from senders; a device cannot create one (or reach another mailbox's).
	if (!current) return { kind: 'forbidden', field: 'id', message: 'Devices cannot create letters.' };
	// A purged letter stays purged; a device that already took the tombstone has nothing to say.
	if (current._deleted) return next._deleted ? { kind: 'unchanged' } : { kind: 'conflict', current };
	if (isStale(row.assumedMasterState, current)) return { kind: 'conflict', current };
	for (const key of Object.keys(current) as (keyof LetterDoc)[]) {
		if (key === 'serverSeq' || (letterDeviceFields as readonly string[]).includes(key)) continue;
		if (!sameJson(next[key], current[key])) {
			return {
				kind: 'forbidden',
				field: key,
				message: `A device may change only ${letterDeviceFields.join(', ')}; not ${key}.`
			};
		}
	}
	const state: LetterDeviceState = {
		read: next.read,
		folder: next.folder,
		trashedAt: trashedAtFor(next.folder, next.trashedAt, now),
		changedAt: next.changedAt
	};
	if (sameJson(state, letterDeviceState(current))) return { kind: 'unchanged' };
	return { kind: 'update', doc: { ...current, ...state } };
}

// ---------------------------------------------------------------------------------------------------------
// Folders
// ---------------------------------------------------------------------------------------------------------

/**
 * Deleting a folder changes only the folder: its letters keep their place and their clocks, and every device
 * lists them in the inbox ($lib/mail/folders.ts `placeOf`). Moving them instead would give them new clocks
 * on one side only, and an older move could then win over a newer one.
 */
export function decideFolderPush(
	current: FolderDoc | null,
	row: PushRow<FolderDoc>
): PushDecision<FolderDoc> {
	const next = row.newDocumentState;
	// A folder the device had from the server and the server no longer has was deleted and purged: it stays gone.
	if (!current && row.assumedMasterState) return { kind: 'unchanged' };
	// A folder made on a device (made and deleted offline, it arrives as a tombstone).
	if (!current) return { kind: 'create', doc: next };
	if (isStale(row.assumedMasterState, current)) return { kind: 'conflict', current };
	if (next.createdAt !== current.createdAt) {
		return { kind: 'forbidden', field: 'createdAt', message: 'A folder keeps its creation time.' };
	}
	if (current._deleted) {
		return next._deleted
			? { kind: 'unchanged' }
			: { kind: 'forbidden', field: '_deleted', message: 'A deleted folder cannot be restored.' };
	}
	if (next.name === current.name && sameJson(next.changedAt, current.changedAt) && !next._deleted) {
		return { kind: 'unchanged' };
	}
	return {
		kind: 'update',
		doc: { ...current, name: next.name, changedAt: next.changedAt, _deleted: next._deleted }
	};
}

// ---------------------------------------------------------------------------------------------------------
// Outgoing messages
// ---------------------------------------------------------------------------------------------------------

/**
 * A new message is a 'create' (the server then decides whether it is sent, by its business rules); a
 * retried creation whose answer was lost meets its own earlier copy as a conflict, so nothing is sent twice.
 */
export function decideOutgoingPush(
	current: OutgoingDoc | null,
	row: PushRow<OutgoingDoc>
): PushDecision<OutgoingDoc> {
	const next = row.newDocumentState;
	if (!current) return { kind: 'create', doc: next };
	if (isStale(row.assumedMasterState, current)) return { kind: 'conflict', current };
	const differing = (Object.keys(current) as (keyof OutgoingDoc)[]).filter(
		(key) => key !== 'serverSeq' && !sameJson(next[key], current[key])
	);
	if (differing.length === 0) return { kind: 'unchanged' };
	// The one change allowed after sending: dismissing a failed message from the outbox.
	if (differing.length === 1 && differing[0] === '_deleted' && next._deleted && current.status === 'failed') {
		return { kind: 'update', doc: { ...current, _deleted: true } };
	}
	const field = differing[0]!;
	return { kind: 'forbidden', field, message: `A sent message cannot be changed (${field}).` };
}
