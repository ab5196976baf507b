import { nextSeq } from '../db/connection';
import type { LetterDoc } from '../../schemas/letter';
import { decideLetterPush } from '../../sync/contract';
import { letterFromRecord, letterRecord, type LetterRecord } from '../mail/letters';
import { pullRows } from './pull';
import { ForbiddenChange, type CollectionHandler, type PushOutcome } from './types';

export const lettersHandler: CollectionHandler<LetterDoc> = {
	pull: (db, mailboxId, checkpoint, limit) =>
		pullRows<LetterRecord, LetterDoc>(db, 'letters', mailboxId, checkpoint, limit, letterFromRecord),

	push(db, mailboxId, rows, now): PushOutcome<LetterDoc> {
		const conflicts: LetterDoc[] = [];
		const changed = new Set<'letters'>();
		rows.forEach((row, i) => {
			const record = letterRecord(db, mailboxId, row.newDocumentState.id);
			const decision = decideLetterPush(record ? letterFromRecord(record) : null, row, now);
			switch (decision.kind) {
				case 'forbidden':
					throw new ForbiddenChange(`rows.${i}.newDocumentState.${decision.field}`, decision.message);
				case 'conflict':
					conflicts.push(decision.current);
					return;
				case 'unchanged':
				case 'create': // never: devices cannot create letters
					return;
			}
			const doc = decision.doc;
			// The purge clock runs on the server's time, from when the letter first went to the trash.
			const trashedServerAt =
				doc.folder === 'trash'
					? record!.folder === 'trash'
						? (record!.trashed_server_at ?? now)
						: now
					: null;
			db.prepare(
				`UPDATE letters SET read = ?, folder = ?, trashed_at = ?, changed_read = ?, changed_folder = ?,
				 trashed_server_at = ?, seq = ? WHERE mailbox_id = ? AND id = ?`
			).run(
				doc.read ? 1 : 0,
				doc.folder,
				doc.trashedAt,
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
