import type { Db } from '../db/connection';
import { nextSeq } from '../db/connection';
import { letterDoc, letterStateFields, type LetterDoc } from '../../schemas/letter';
import { letterFromRow, letterRow, type LetterRow } from '../mail/letters';
import { stableStringify } from '../crypto';
import { pullRows } from './pull';
import { ForbiddenChange, type CollectionHandler, type PushOutcome } from './types';

const stateFields = new Set<string>(letterStateFields);
/** Everything in a letter except what a device may change (and serverSeq, which only the server sets). */
const serverOwnedFields = Object.keys(letterDoc.shape).filter(
	(k) => !stateFields.has(k) && k !== 'serverSeq'
) as (keyof LetterDoc | '_deleted')[];

function same(a: unknown, b: unknown): boolean {
	return stableStringify(a) === stableStringify(b);
}

/** A folder id that names a deleted folder of this mailbox puts the letter back in the inbox. */
function liveFolder(db: Db, mailboxId: string, folder: string): string {
	const deleted = db
		.prepare('SELECT 1 FROM folders WHERE mailbox_id = ? AND id = ? AND deleted = 1')
		.get(mailboxId, folder);
	return deleted ? 'inbox' : folder;
}

export const lettersHandler: CollectionHandler<LetterDoc> = {
	pull: (db, mailboxId, checkpoint, limit) =>
		pullRows<LetterRow, LetterDoc>(db, 'letters', mailboxId, checkpoint, limit, letterFromRow),

	push(db, mailboxId, rows, now): PushOutcome<LetterDoc> {
		const conflicts: LetterDoc[] = [];
		const changed = new Set<'letters'>();
		rows.forEach((row, i) => {
			const field = (name: string) => `rows.${i}.newDocumentState.${name}`;
			const doc = row.newDocumentState;
			const cur = letterRow(db, mailboxId, doc.id);
			// Letters come only from senders; a device cannot create one (or reach another mailbox's).
			if (!cur) throw new ForbiddenChange(field('id'), 'Devices cannot create letters.');
			const current = letterFromRow(cur);
			if (!row.assumedMasterState || row.assumedMasterState.serverSeq !== cur.seq || cur.deleted === 1) {
				conflicts.push(current);
				return;
			}
			for (const key of serverOwnedFields) {
				if (!same(doc[key], current[key])) {
					throw new ForbiddenChange(
						field(key),
						`A device may change only ${letterStateFields.join(', ')}; not ${key}.`
					);
				}
			}
			const folder = liveFolder(db, mailboxId, doc.folder);
			if (
				doc.read === current.read &&
				folder === current.folder &&
				doc.trashedAt === current.trashedAt &&
				same(doc.changedAt, current.changedAt)
			) {
				return; // nothing to write
			}
			const trashedServerAt =
				folder === 'trash' ? (current.folder === 'trash' ? (cur.trashed_server_at ?? now) : now) : null;
			db.prepare(
				`UPDATE letters SET read = ?, folder = ?, trashed_at = ?, changed_read = ?, changed_folder = ?,
				 trashed_server_at = ?, seq = ? WHERE mailbox_id = ? AND id = ?`
			).run(
				doc.read ? 1 : 0,
				folder,
				folder === 'trash' ? (doc.trashedAt ?? now) : null,
				doc.changedAt.read,
				doc.changedAt.folder,
				trashedServerAt,
				nextSeq(db, mailboxId),
				mailboxId,
				doc.id
			);
			changed.add('letters');
		});
		return { conflicts, changed };
	}
};
