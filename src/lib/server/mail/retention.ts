import type { Db } from '../db/connection';
import { nextSeq, write } from '../db/connection';
import type { LetterDocument } from '../../schemas/letter';

/** What is left of a purged letter's documents: one empty main document (the schema needs one). */
const PURGED_DOCUMENTS: LetterDocument[] = [
	{ id: 'purged', kind: 'main', title: '', bodyHtml: null, files: [], actions: [] }
];

/**
 * Letters that have been in the trash for `retentionMs` (counted on the server's clock from when they
 * were moved there) become tombstones: content and files removed, `_deleted`, a new seq so devices
 * drop them. Returns the mailboxes that changed.
 */
export function purgeTrash(db: Db, now: number, retentionMs: number): Map<string, number> {
	return write(db, () => {
		const due = db
			.prepare(
				`SELECT id, mailbox_id FROM letters
				 WHERE deleted = 0 AND folder = 'trash' AND trashed_server_at IS NOT NULL AND trashed_server_at <= ?`
			)
			.all(now - retentionMs) as { id: string; mailbox_id: string }[];
		const dropFiles = db.prepare('DELETE FROM files WHERE letter_id = ?');
		const tombstone = db.prepare(
			`UPDATE letters SET deleted = 1, title = '-', notification = '', case_id = NULL, memo = NULL, documents = ?, seq = ?
			 WHERE id = ?`
		);
		const perMailbox = new Map<string, number>();
		for (const letter of due) {
			dropFiles.run(letter.id);
			tombstone.run(JSON.stringify(PURGED_DOCUMENTS), nextSeq(db, letter.mailbox_id), letter.id);
			perMailbox.set(letter.mailbox_id, (perMailbox.get(letter.mailbox_id) ?? 0) + 1);
		}
		return perMailbox;
	});
}
