/**
 * The field-by-field three-way merge that resolves replication conflicts, and the equality test RxDB uses
 * to decide what needs pushing and whether a pulled document may overwrite the local one. Which fields a
 * device owns is the sync contract's (./contract.ts); this module decides between two devices' values.
 *
 * Pure functions over the wire documents (no RxDB at runtime), so the tests can use them too. "mine" is the
 * device's state, "theirs" the server's (master), "base" the common ancestor: the master state the device
 * last saw (RxDB's assumedMasterState). A change the server refused for good is not merged (./refusals.ts).
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import type { FolderDoc } from '../schemas/folder';
import type { LetterDoc } from '../schemas/letter';
import type { OutgoingDoc } from '../schemas/outgoing';
import type { SyncCollection } from '../schemas/sync';
import { letterDeviceFields, sameJson } from './contract';
import { takesTheirs } from './refusals';

export type MergeInput<T> = RxConflictHandlerInput<T>;

type Side = 'mine' | 'theirs';

/**
 * Which side's value of one unit of state survives. A side that changed it since the base wins over one that
 * did not; when both changed it (or there is no base), the later device clock wins and a tie goes to the server.
 * When both hold the same value either side will do; the caller keeps the later of the two clocks (see
 * `clockOf`), so a newer decision is not forgotten just because it agreed with the server.
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

/**
 * The clock a merged unit carries: the winner's, or the later of both when the two sides agree. Keeping the
 * later clock matters: a device that made the newest decision must still win against an older one that
 * arrives afterwards, even when its value happened to equal the server's at the time.
 */
function clockOf<V>(
	side: Side,
	mine: V,
	theirs: V,
	mineAt: number,
	theirsAt: number,
	equal: (a: V, b: V) => boolean
): number {
	if (equal(mine, theirs)) return Math.max(mineAt, theirsAt);
	return side === 'mine' ? mineAt : theirsAt;
}

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

	const readArgs = [mine.read, theirs.read, mine.changedAt.read, theirs.changedAt.read, same] as const;
	const readSide = pickSide(base?.read, ...readArgs);
	const locationArgs = [
		location(mine),
		location(theirs),
		mine.changedAt.folder,
		theirs.changedAt.folder,
		sameLocation
	] as const;
	const locationSide = pickSide(base ? location(base) : undefined, ...locationArgs);
	const readFrom = readSide === 'mine' ? mine : theirs;
	const locationFrom = locationSide === 'mine' ? mine : theirs;
	return {
		...theirs,
		read: readFrom.read,
		folder: locationFrom.folder,
		trashedAt: locationFrom.trashedAt,
		changedAt: { read: clockOf(readSide, ...readArgs), folder: clockOf(locationSide, ...locationArgs) }
	};
}

/**
 * Compares what a device may change (with its clocks, so a newer decision on an unchanged value still
 * reaches the server), plus the server's sequence so a device's copy follows the server's after every
 * accepted push (the server only ever compares the sequence of the base, so this cannot cycle).
 */
export function letterIsEqual(a: LetterDoc, b: LetterDoc): boolean {
	return (
		a.serverSeq === b.serverSeq &&
		a._deleted === b._deleted &&
		letterDeviceFields.every((field) => sameJson(a[field], b[field]))
	);
}

/** Folders: the name from whichever side renamed it; deleting wins over renaming, on either side. */
export function mergeFolder(input: MergeInput<FolderDoc>): FolderDoc {
	const { newDocumentState: mine, realMasterState: theirs, assumedMasterState: base } = input;
	if (theirs._deleted) return theirs;
	if (mine._deleted) return { ...theirs, _deleted: true };
	const args = [mine.name, theirs.name, mine.changedAt.name, theirs.changedAt.name, same] as const;
	const side = pickSide(base?.name, ...args);
	return {
		...theirs,
		name: side === 'mine' ? mine.name : theirs.name,
		changedAt: { name: clockOf(side, ...args) }
	};
}

export function folderIsEqual(a: FolderDoc, b: FolderDoc): boolean {
	return (
		a.serverSeq === b.serverSeq &&
		a.name === b.name &&
		a.changedAt.name === b.changedAt.name &&
		a._deleted === b._deleted
	);
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

function handler<T extends { id: string; _deleted: boolean }>(
	collection: SyncCollection,
	isEqual: (a: T, b: T) => boolean,
	merge: (input: MergeInput<T>) => T
): RxConflictHandler<Stored<T>> {
	return {
		isEqual: (a, b) => isEqual(a as unknown as T, b as unknown as T),
		resolve: async (input) => {
			const typed = input as unknown as MergeInput<T>;
			// A change the server refused for good goes back to the server's state (./refusals.ts).
			const resolved = takesTheirs(collection, typed.realMasterState.id)
				? typed.realMasterState
				: merge(typed);
			return resolved as unknown as WithDeleted<Stored<T>>;
		}
	};
}

export const conflictHandlers = {
	letters: handler('letters', letterIsEqual, mergeLetter),
	folders: handler('folders', folderIsEqual, mergeFolder),
	outgoing: handler('outgoing', outgoingIsEqual, mergeOutgoing)
};
