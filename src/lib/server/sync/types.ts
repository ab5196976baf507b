import type { SyncCollection, PullResponse, PushRow } from '../../schemas/sync';
import type { HistoryAction } from '../../schemas/access';
import type { Queryable, Tx } from '../db/engine';
import type { Act } from '../access/rules';

/** A push that changes something a device may not change; the whole push is refused (403). */
export class ForbiddenChange extends Error {
	constructor(
		readonly field: string,
		message: string,
		/** `forbidden_change`: no device may; `not_allowed`: beyond this helper's access level. */
		readonly code: 'forbidden_change' | 'not_allowed' = 'forbidden_change'
	) {
		super(message);
	}
}

/** A push whose content breaks a rule the schema cannot say (a file too large, not what its type says). */
export class RefusedPush extends Error {
	constructor(
		readonly status: 400 | 413,
		readonly error: string,
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

/** A pull from a checkpoint older than the tombstones the server purged: the device must start over (410). */
export class CheckpointExpired extends Error {
	constructor(readonly purgedSeq: number) {
		super('This device was away longer than the server keeps deleted letters. It loads the mailbox again.');
	}
}

export interface PushOutcome<T> {
	/** Current server documents for rows whose assumed state was missing or stale (nothing written). */
	conflicts: T[];
	/** Collections whose rows were written, to wake devices. */
	changed: Set<SyncCollection>;
}

/** Who reads or changes the mailbox: its owner, or a helper (whose acts are checked and recorded). */
export interface Actor {
	/** Null for the owner. */
	helper: { id: string; name: string } | null;
	/** Private senders whose letters this actor may see; null = all (the owner). */
	shownSenders: ReadonlySet<string> | null;
	/** Throws ForbiddenChange (`not_allowed`) when the act is beyond the actor's level. */
	require(act: Act, field: string): void;
	/** Records a helper's act in the owner's history (inside the push's transaction); no-op for the owner. */
	note(action: HistoryAction, letterId?: string | null, detail?: string | null): Promise<void>;
}

/** The mailbox's owner: sees everything, may do everything a device may, leaves no history. */
export const ownerActor: Actor = {
	helper: null,
	shownSenders: null,
	require() {},
	async note() {}
};

/**
 * `actor` defaults to the owner (seeding, housekeeping and tests act as the owner). `P` is what a push carries
 * when it is more than the stored document (a new message's file bytes).
 */
export interface CollectionHandler<T, P = T> {
	pull(
		q: Queryable,
		mailboxId: string,
		checkpoint: number,
		limit: number,
		actor?: Actor
	): Promise<PullResponse<T>>;
	/**
	 * Runs inside the caller's transaction, which has locked the mailbox row (lockMailbox); throws
	 * ForbiddenChange or RefusedPush to refuse it (the transaction rolls back).
	 */
	push(t: Tx, mailboxId: string, rows: PushRow<P>[], now: number, actor?: Actor): Promise<PushOutcome<T>>;
}
