/**
 * The field-by-field three-way merge that resolves replication conflicts, and the equality test RxDB uses
 * to decide what needs pushing and whether a pulled document may overwrite the local one.
 *
 * Pure functions over the wire documents (no RxDB at runtime), so the server and the tests can use them too.
 * "mine" is the device's state, "theirs" the server's (master), "base" the common ancestor: the master state
 * the device last saw (RxDB's assumedMasterState).
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import type { FolderDoc } from '$lib/schemas/folder';
import type { LetterDoc } from '$lib/schemas/letter';
import type { OutgoingDoc } from '$lib/schemas/outgoing';

export type MergeInput<T> = RxConflictHandlerInput<T>;

type Side = 'mine' | 'theirs';

/**
 * Which side's value of one unit of state survives. A side that changed it since the base wins over one that
 * did not; when both changed it (or there is no base), the later device clock wins and a tie goes to the server.
 */
export function pickSide<V>(
	base: V | undefined,
	mine: V,
	theirs: V,
	mineChangedAt: number,
	theirsChangedAt: number,
	equal: (a: V, b: V) => boolean
): Side {
	if (equal(mine, theirs)) return 'theirs';
	if (base !== undefined) {
		const mineChanged = !equal(base, mine);
		const theirsChanged = !equal(base, theirs);
		if (mineChanged && !theirsChanged) return 'mine';
		if (theirsChanged && !mineChanged) return 'theirs';
	}
	return mineChangedAt > theirsChangedAt ? 'mine' : 'theirs';
}

const same = <V>(a: V, b: V) => a === b;

interface Location {
	folder: string;
	trashedAt: number | null;
}
const location = (letter: LetterDoc): Location => ({ folder: letter.folder, trashedAt: letter.trashedAt });
const sameLocation = (a: Location, b: Location) => a.folder === b.folder && a.trashedAt === b.trashedAt;

/**
 * Letters: the server's content always; `read` and the location (`folder` + `trashedAt`, one unit, so a
 * letter is never "in a folder but trashed") each from whichever side changed it. A purged letter stays gone.
 */
export function mergeLetter(input: MergeInput<LetterDoc>): LetterDoc {
	const { newDocumentState: mine, realMasterState: theirs, assumedMasterState: base } = input;
	if (theirs._deleted) return theirs;

	const readSide = pickSide(
		base?.read,
		mine.read,
		theirs.read,
		mine.changedAt.read,
		theirs.changedAt.read,
		same
	);
	const locationSide = pickSide(
		base ? location(base) : undefined,
		location(mine),
		location(theirs),
		mine.changedAt.folder,
		theirs.changedAt.folder,
		sameLocation
	);
	const readFrom = readSide === 'mine' ? mine : theirs;
	const locationFrom = locationSide === 'mine' ? mine : theirs;
	return {
		...theirs,
		read: readFrom.read,
		folder: locationFrom.folder,
		trashedAt: locationFrom.trashedAt,
		changedAt: { read: readFrom.changedAt.read, folder: locationFrom.changedAt.folder }
	};
}

/**
 * Compares what a device may change, plus the server's sequence so a device's copy follows the server's
 * after every accepted push (the server only ever compares the sequence of the base, so this cannot cycle).
 */
export function letterIsEqual(a: LetterDoc, b: LetterDoc): boolean {
	return (
		a.serverSeq === b.serverSeq &&
		a.read === b.read &&
		a.folder === b.folder &&
		a.trashedAt === b.trashedAt &&
		a._deleted === b._deleted
	);
}

/** Folders: the name from whichever side renamed it; deleting wins over renaming, on either side. */
export function mergeFolder(input: MergeInput<FolderDoc>): FolderDoc {
	const { newDocumentState: mine, realMasterState: theirs, assumedMasterState: base } = input;
	if (theirs._deleted) return theirs;
	if (mine._deleted) return { ...theirs, _deleted: true };
	const side = pickSide(base?.name, mine.name, theirs.name, mine.changedAt.name, theirs.changedAt.name, same);
	return side === 'mine' ? { ...theirs, name: mine.name, changedAt: { name: mine.changedAt.name } } : theirs;
}

export function folderIsEqual(a: FolderDoc, b: FolderDoc): boolean {
	return a.serverSeq === b.serverSeq && a.name === b.name && a._deleted === b._deleted;
}

/**
 * Outgoing messages: the server decides their fate (sent or failed), so its state wins. A device only ever
 * creates them, and a retried creation meets its own earlier copy on the server.
 */
export function mergeOutgoing(input: MergeInput<OutgoingDoc>): OutgoingDoc {
	return input.realMasterState;
}

export function outgoingIsEqual(a: OutgoingDoc, b: OutgoingDoc): boolean {
	return (
		a.serverSeq === b.serverSeq &&
		a.status === b.status &&
		a.failure === b.failure &&
		a.sentAt === b.sentAt &&
		a._deleted === b._deleted &&
		a.recipientId === b.recipientId &&
		a.inReplyTo === b.inReplyTo &&
		a.title === b.title &&
		a.body === b.body
	);
}

/** Collections store documents without `_deleted` (RxDB adds it); the handlers see the wire shape. */
type Stored<T> = Omit<T, '_deleted'>;

function handler<T extends { _deleted: boolean }>(
	isEqual: (a: T, b: T) => boolean,
	merge: (input: MergeInput<T>) => T
): RxConflictHandler<Stored<T>> {
	return {
		isEqual: (a, b) => isEqual(a as unknown as T, b as unknown as T),
		resolve: async (input) => merge(input as unknown as MergeInput<T>) as unknown as WithDeleted<Stored<T>>
	};
}

export const conflictHandlers = {
	letters: handler(letterIsEqual, mergeLetter),
	folders: handler(folderIsEqual, mergeFolder),
	outgoing: handler(outgoingIsEqual, mergeOutgoing)
};
