/**
 * Changes the server refuses for good. A push answered 400, 403 or 413 will get the same answer every time
 * (a helper whose access was lowered while offline, a file that is not what its type says), and RxDB would
 * retry it every few seconds for ever, holding every later change and a device that must start over.
 *
 * The device gives such a change up instead: the push side answers RxDB with the server's state for it (the
 * last state the server accepted; for a document the server never had, a deleted copy, or for a message a
 * "not sent" copy), the conflict handler takes that state as it is (see ./merge.ts), and the citizen is told.
 * RxDB records it as the server's state, so nothing of the refused change is pushed again.
 */
import type { SyncCollection } from '../schemas/sync';
import type { OutgoingDoc } from '../schemas/outgoing';
import type { SyncHttpError } from './replication';

type Doc = { id: string; _deleted: boolean };
export interface RefusableRow {
	assumedMasterState?: unknown;
	newDocumentState: unknown;
}

/** 400, 413 and 403 (but not an ended access, which drops the whole mailbox copy) cannot change on a retry. */
export function refusedForGood(error: unknown): error is SyncHttpError {
	const e = error as Partial<SyncHttpError> | null;
	if (e?.name !== 'SyncHttpError' || typeof e.status !== 'number') return false;
	if (e.status === 403) return e.body?.error !== 'access_ended';
	return e.status === 400 || e.status === 413;
}

const key = (collection: SyncCollection, id: string) => `${collection}/${id}`;
/** Documents whose next conflict takes the server's side. */
const takeTheirs = new Set<string>();

/** The state a refused change goes back to. */
function outcomeOf(collection: SyncCollection, row: RefusableRow): Doc {
	if (row.assumedMasterState) return row.assumedMasterState as Doc;
	const doc = row.newDocumentState as Doc;
	if (collection !== 'outgoing') return { ...doc, _deleted: true };
	// A new message stays on the device, as not sent, so the citizen keeps what they wrote.
	const failed: Pick<OutgoingDoc, 'status' | 'failure' | 'sentAt'> = {
		status: 'failed',
		failure: null,
		sentAt: null
	};
	return { ...doc, ...failed };
}

/** Gives a refused change up; returns the state to answer RxDB with (as a conflict). */
export function giveUp(collection: SyncCollection, row: RefusableRow): Doc {
	const outcome = outcomeOf(collection, row);
	takeTheirs.add(key(collection, outcome.id));
	return outcome;
}

/** For the conflict handler: whether this conflict is a given-up change (then the server's state wins). */
export function takesTheirs(collection: SyncCollection, id: string): boolean {
	return takeTheirs.delete(key(collection, id));
}
