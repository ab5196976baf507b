import type { Database, Queryable } from '../db/engine';
import { latestSeq } from '../db/sequence';
import type { LetterRecord } from '../mail/letters';
import type { LetterDoc } from '../../schemas/letter';
import type { BulkResponse } from '../../schemas/sync';
import { letterForActor } from './letters';
import type { Actor } from './types';

/** The live, visible letters with seq < before, newest change first (the unique (mailbox_id, seq) index). */
function liveLettersBefore(
	q: Queryable,
	mailboxId: string,
	before: number,
	limit: number
): Promise<LetterRecord[]> {
	return q.all<LetterRecord>(
		`SELECT * FROM letters WHERE mailbox_id = $1 AND seq < $2 AND deleted = FALSE AND visible_from IS NULL
		 ORDER BY seq DESC LIMIT $3`,
		[mailboxId, before, limit]
	);
}

async function liveLetterCount(q: Queryable, mailboxId: string, before: number): Promise<number> {
	return (
		(await q.value<number>(
			'SELECT count(*) FROM letters WHERE mailbox_id = $1 AND seq < $2 AND deleted = FALSE AND visible_from IS NULL',
			[mailboxId, before]
		)) ?? 0
	);
}

/**
 * One page of an empty device's first load. Tombstones are left out (an empty device has nothing to delete),
 * and so are letters a helper may not see. `checkpoint` is the mailbox's sequence when this page was read: the
 * device starts its replication from the first page's, so every change after it arrives through the pull.
 * Read in one snapshot, so the sequence, the rows and the count agree.
 */
export function bulkLetters(
	db: Database,
	mailboxId: string,
	before: number | undefined,
	limit: number,
	actor: Actor
): Promise<BulkResponse<LetterDoc>> {
	return db.snapshot(async (q) => {
		const latest = await latestSeq(q, mailboxId);
		const from = before ?? latest + 1;
		const rows = await liveLettersBefore(q, mailboxId, from, limit);
		const documents = rows.map((row) => letterForActor(row, actor)).filter((doc) => !doc._deleted);
		return {
			documents,
			checkpoint: { seq: latest },
			total: await liveLetterCount(q, mailboxId, from),
			next: rows.length === limit ? rows[rows.length - 1]!.seq : null
		};
	});
}
