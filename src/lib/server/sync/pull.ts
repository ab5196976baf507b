import type { Queryable } from '../db/engine';
import { readAfter } from '../db/sequence';
import type { PullResponse } from '../../schemas/sync';
import { CheckpointExpired } from './types';

/**
 * Rows of one collection with seq > checkpoint, oldest first, read by one statement (db/sequence.ts
 * readAfter): when fewer than `limit` rows come back every row of this collection up to `latestSeq` has
 * been seen and the checkpoint jumps to `latestSeq` (the next pull then skips other collections' numbers).
 * Throws CheckpointExpired when tombstones newer than the checkpoint have been purged (read by the same
 * statement, so a purge cannot slip between the check and the rows).
 */
export async function pullRows<R extends { seq: number }, T>(
	q: Queryable,
	table: 'letters' | 'folders' | 'outgoing',
	mailboxId: string,
	checkpoint: number,
	limit: number,
	toDoc: (row: R) => T
): Promise<PullResponse<T>> {
	const page = await readAfter<R>(q, table, mailboxId, checkpoint, limit);
	if (page.from > 0 && page.from < page.purged) throw new CheckpointExpired(page.purged);
	return { documents: page.rows.map(toDoc), checkpoint: { seq: page.checkpoint }, latestSeq: page.latest };
}
