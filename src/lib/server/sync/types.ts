import type { SyncCollection, PullResponse, PushRow } from '../../schemas/sync';
import type { Db } from '../db/connection';

/** A push that changes something a device may not change; the whole push is refused (403). */
export class ForbiddenChange extends Error {
	constructor(
		readonly field: string,
		message: string
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

export interface PushOutcome<T> {
	/** Current server documents for rows whose assumed state was missing or stale (nothing written). */
	conflicts: T[];
	/** Collections whose rows were written, to wake devices. */
	changed: Set<SyncCollection>;
}

/** `P` is what a push carries when it is more than the stored document (a new message's file bytes). */
export interface CollectionHandler<T, P = T> {
	pull(db: Db, mailboxId: string, checkpoint: number, limit: number): PullResponse<T>;
	/** Runs inside the caller's IMMEDIATE transaction; throws ForbiddenChange or RefusedPush to refuse it. */
	push(db: Db, mailboxId: string, rows: PushRow<P>[], now: number): PushOutcome<T>;
}
