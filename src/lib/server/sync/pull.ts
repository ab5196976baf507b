import type { Db } from '../db/connection';
import { latestSeq } from '../db/connection';
import type { PullResponse } from '../../schemas/sync';
import { purgedSeq } from './tombstones';
import { CheckpointExpired } from './types';

/** Rows a device must not see yet: letters held until their doNotDeliverUntilDate (mail/held.ts). */
const notYetVisible: Partial<Record<string, string>> = { letters: 'AND visible_from IS NULL' };

/**
 * Rows of one collection with seq > checkpoint, oldest first. Read in one transaction, so when fewer
 * than `limit` rows come back every row of this collection up to `latestSeq` has been seen and the
 * checkpoint can jump to `latestSeq` (the next pull then skips other collections' sequence numbers).
 * Throws CheckpointExpired when tombstones newer than the checkpoint have been purged (read in the same
 * transaction, so a purge cannot slip between the check and the rows).
 */
export function pullRows<R extends { seq: number }, T>(
	db: Db,
	table: 'letters' | 'folders' | 'outgoing',
	mailboxId: string,
	checkpoint: number,
	limit: number,
	toDoc: (row: R) => T
): PullResponse<T> {
	return db.transaction(() => {
		const latest = latestSeq(db, mailboxId);
		// A checkpoint from the future (the server's database was replaced): start over, so nothing is missed.
		const from = checkpoint > latest ? 0 : checkpoint;
		const purged = purgedSeq(db, mailboxId);
		if (from > 0 && from < purged) throw new CheckpointExpired(purged);
		const rows = db
			.prepare(
				`SELECT * FROM ${table} WHERE mailbox_id = ? AND seq > ? ${notYetVisible[table] ?? ''} ORDER BY seq LIMIT ?`
			)
			.all(mailboxId, from, limit) as R[];
		const seq = rows.length === limit ? rows[rows.length - 1]!.seq : latest;
		return { documents: rows.map(toDoc), checkpoint: { seq }, latestSeq: latest };
	})();
}
