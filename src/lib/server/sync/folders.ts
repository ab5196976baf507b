import type { Db } from '../db/connection';
import { nextSeq } from '../db/connection';
import type { FolderDoc } from '../../schemas/folder';
import { pullRows } from './pull';
import { ForbiddenChange, type CollectionHandler, type PushOutcome } from './types';

interface FolderRow {
	mailbox_id: string;
	id: string;
	seq: number;
	deleted: number;
	name: string;
	created_at: number;
	changed_name: number;
}

function folderFromRow(row: FolderRow): FolderDoc {
	return {
		id: row.id,
		serverSeq: row.seq,
		name: row.name,
		createdAt: row.created_at,
		changedAt: { name: row.changed_name },
		_deleted: row.deleted === 1
	};
}

/** Deleting a folder puts its letters back in the inbox, each with a new sequence number. */
function emptyFolder(db: Db, mailboxId: string, folderId: string): number {
	const ids = db
		.prepare('SELECT id FROM letters WHERE mailbox_id = ? AND folder = ? AND deleted = 0')
		.pluck()
		.all(mailboxId, folderId) as string[];
	const move = db.prepare("UPDATE letters SET folder = 'inbox', seq = ? WHERE mailbox_id = ? AND id = ?");
	for (const id of ids) move.run(nextSeq(db, mailboxId), mailboxId, id);
	return ids.length;
}

export const foldersHandler: CollectionHandler<FolderDoc> = {
	pull: (db, mailboxId, checkpoint, limit) =>
		pullRows<FolderRow, FolderDoc>(db, 'folders', mailboxId, checkpoint, limit, folderFromRow),

	push(db, mailboxId, rows): PushOutcome<FolderDoc> {
		const conflicts: FolderDoc[] = [];
		const changed = new Set<'folders' | 'letters'>();
		rows.forEach((row, i) => {
			const field = (name: string) => `rows.${i}.newDocumentState.${name}`;
			const doc = row.newDocumentState;
			const cur = db
				.prepare('SELECT * FROM folders WHERE mailbox_id = ? AND id = ?')
				.get(mailboxId, doc.id) as FolderRow | undefined;
			if (!cur) {
				// A folder made on a device (possibly made and deleted offline: then it arrives as a tombstone).
				db.prepare(
					'INSERT INTO folders (mailbox_id, id, seq, deleted, name, created_at, changed_name) VALUES (?, ?, ?, ?, ?, ?, ?)'
				).run(
					mailboxId,
					doc.id,
					nextSeq(db, mailboxId),
					doc._deleted ? 1 : 0,
					doc.name,
					doc.createdAt,
					doc.changedAt.name
				);
				if (doc._deleted && emptyFolder(db, mailboxId, doc.id) > 0) changed.add('letters');
				changed.add('folders');
				return;
			}
			const current = folderFromRow(cur);
			if (!row.assumedMasterState || row.assumedMasterState.serverSeq !== cur.seq) {
				conflicts.push(current);
				return;
			}
			if (doc.createdAt !== current.createdAt)
				throw new ForbiddenChange(field('createdAt'), 'A folder keeps its creation time.');
			if (current._deleted && !doc._deleted)
				throw new ForbiddenChange(field('_deleted'), 'A deleted folder cannot be restored.');
			if (
				doc.name === current.name &&
				doc.changedAt.name === current.changedAt.name &&
				doc._deleted === current._deleted
			)
				return;
			db.prepare(
				'UPDATE folders SET name = ?, changed_name = ?, deleted = ?, seq = ? WHERE mailbox_id = ? AND id = ?'
			).run(doc.name, doc.changedAt.name, doc._deleted ? 1 : 0, nextSeq(db, mailboxId), mailboxId, doc.id);
			changed.add('folders');
			if (doc._deleted && !current._deleted && emptyFolder(db, mailboxId, doc.id) > 0) changed.add('letters');
		});
		return { conflicts, changed };
	}
};
