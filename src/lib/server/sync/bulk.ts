import type { Db } from '../db/connection';
import { latestSeq } from '../db/connection';
import type { LetterRecord } from '../mail/letters';
import type { LetterDoc } from '../../schemas/letter';
import type { BulkResponse } from '../../schemas/sync';
import { letterForActor } from './letters';
import type { Actor } from './types';

/** The live, visible letters with seq < before, newest change first (the unique (mailbox_id, seq) index). */
function liveLettersBefore(db: Db, mailboxId: string, before: number, limit: number): LetterRecord[] {
	return db
		.prepare(
			`SELECT * FROM letters WHERE mailbox_id = ? AND seq < ? AND deleted = 0 AND visible_from IS NULL
			 ORDER BY seq DESC LIMIT ?`
		)
		.all(mailboxId, before, limit) as LetterRecord[];
}

function liveLetterCount(db: Db, mailboxId: string, before: number): number {
	return db
		.prepare(
			'SELECT COUNT(*) AS n FROM letters WHERE mailbox_id = ? AND seq < ? AND deleted = 0 AND visible_from IS NULL'
		)
		.pluck()
		.get(mailboxId, before) as number;
}

/**
 * One page of an empty device's first load. Tombstones are left out (an empty device has nothing to delete),
 * and so are letters a helper may not see. `checkpoint` is the mailbox's sequence when this page was read: the
 * device starts its replication from the first page's, so every change after it arrives through the pull.
 */
export function bulkLetters(
	db: Db,
	mailboxId: string,
	before: number | undefined,
	limit: number,
	actor: Actor
): BulkResponse<LetterDoc> {
	return db.transaction(() => {
		const latest = latestSeq(db, mailboxId);
		const from = before ?? latest + 1;
		const rows = liveLettersBefore(db, mailboxId, from, limit);
		const documents = rows.map((row) => letterForActor(row, actor)).filter((doc) => !doc._deleted);
		return {
			documents,
			checkpoint: { seq: latest },
			total: liveLetterCount(db, mailboxId, from),
			next: rows.length === limit ? rows[rows.length - 1]!.seq : null
		};
	})();
}
