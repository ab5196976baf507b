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

export interface PushOutcome<T> {
	/** Current server documents for rows whose assumed state was missing or stale (nothing written). */
	conflicts: T[];
	/** Collections whose rows were written, to wake devices. */
	changed: Set<SyncCollection>;
}

export interface CollectionHandler<T> {
	pull(db: Db, mailboxId: string, checkpoint: number, limit: number): PullResponse<T>;
	/** Runs inside the caller's IMMEDIATE transaction; throws ForbiddenChange to refuse the push. */
	push(db: Db, mailboxId: string, rows: PushRow<T>[], now: number): PushOutcome<T>;
}
