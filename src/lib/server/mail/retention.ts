import type { Database } from '../db/engine';
import { claimRows } from '../db/claim';
import { nextSeq } from '../db/sequence';
import { notifyMailbox } from '../sync/hub';
import { dropFiles } from './file-store';
import type { LetterDocument } from '../../schemas/letter';

/** What is left of a purged letter's documents: one empty main document (the schema needs one). */
const PURGED_DOCUMENTS: LetterDocument[] = [
	{ id: 'purged', kind: 'main', title: '', bodyHtml: null, files: [], actions: [] }
];

const PURGE_BATCH = 200;

/**
 * Letters that have been in the trash for `retentionMs` (counted on the server's clock from when they
 * were moved there) become tombstones: content and files removed, `_deleted`, a new seq so devices
 * drop them (woken as each batch commits). Batches of transactions whose due rows are claimed with
 * FOR UPDATE SKIP LOCKED in mailbox order: with several app processes each letter is purged once.
 * Returns the mailboxes that changed.
 */
export async function purgeTrash(
	db: Database,
	now: number,
	retentionMs: number
): Promise<Map<string, number>> {
	const perMailbox = new Map<string, number>();
	for (;;) {
		const batch = await db.tx(async (t) => {
			const due = await claimRows<{ id: string; mailbox_id: string }>(t, {
				table: 'letters',
				columns: 'id, mailbox_id',
				where:
					"deleted = FALSE AND folder = 'trash' AND trashed_server_at IS NOT NULL AND trashed_server_at <= $1",
				params: [now - retentionMs],
				orderBy: 'mailbox_id, id',
				limit: PURGE_BATCH
			});
			for (const letter of due) {
				await dropFiles(t, letter.id);
				await t.run(
					`UPDATE letters SET deleted = TRUE, title = '-', notification = '', case_id = NULL, memo = NULL,
					 documents = $1, seq = $2 WHERE id = $3`,
					[JSON.stringify(PURGED_DOCUMENTS), await nextSeq(t, letter.mailbox_id), letter.id]
				);
			}
			for (const mailboxId of new Set(due.map((l) => l.mailbox_id)))
				await notifyMailbox(mailboxId, ['letters'], t);
			return due;
		});
		for (const letter of batch)
			perMailbox.set(letter.mailbox_id, (perMailbox.get(letter.mailbox_id) ?? 0) + 1);
		if (batch.length < PURGE_BATCH) return perMailbox;
	}
}
