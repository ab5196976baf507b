import { nextSeq } from '../db/connection';
import type { FolderDoc } from '../../schemas/folder';
import { decideFolderPush } from '../../sync/contract';
import { pullRows } from './pull';
import { ForbiddenChange, ownerActor, type CollectionHandler, type PushOutcome } from './types';

/** A folder as stored in SQLite. */
interface FolderRecord {
	mailbox_id: string;
	id: string;
	seq: number;
	deleted: number;
	name: string;
	created_at: number;
	changed_name: number;
}

function folderFromRecord(row: FolderRecord): FolderDoc {
	return {
		id: row.id,
		serverSeq: row.seq,
		name: row.name,
		createdAt: row.created_at,
		changedAt: { name: row.changed_name },
		_deleted: row.deleted === 1
	};
}

export const foldersHandler: CollectionHandler<FolderDoc> = {
	pull: (db, mailboxId, checkpoint, limit) =>
		pullRows<FolderRecord, FolderDoc>(db, 'folders', mailboxId, checkpoint, limit, folderFromRecord),

	// Deleting a folder leaves its letters as they are: they are listed in the inbox (contract `placeOf`).
	push(db, mailboxId, rows, _now, actor = ownerActor): PushOutcome<FolderDoc> {
		const conflicts: FolderDoc[] = [];
		const changed = new Set<'folders'>();
		rows.forEach((row, i) => {
			const record = db
				.prepare('SELECT * FROM folders WHERE mailbox_id = ? AND id = ?')
				.get(mailboxId, row.newDocumentState.id) as FolderRecord | undefined;
			const decision = decideFolderPush(record ? folderFromRecord(record) : null, row);
			switch (decision.kind) {
				case 'forbidden':
					throw new ForbiddenChange(`rows.${i}.newDocumentState.${decision.field}`, decision.message);
				case 'conflict':
					conflicts.push(decision.current);
					return;
				case 'unchanged':
					return;
				case 'create': {
					const doc = decision.doc;
					actor.require(doc._deleted ? 'delete' : 'organise', `rows.${i}.newDocumentState`);
					if (!doc._deleted) actor.note('folder_created', null, doc.name);
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
					break;
				}
				case 'update': {
					const doc = decision.doc;
					const field = `rows.${i}.newDocumentState`;
					if (doc._deleted && record!.deleted !== 1) {
						actor.require('delete', `${field}._deleted`);
						actor.note('folder_deleted', null, record!.name);
					} else if (doc.name !== record!.name) {
						actor.require('organise', `${field}.name`);
						actor.note('folder_renamed', null, doc.name);
					}
					db.prepare(
						'UPDATE folders SET name = ?, changed_name = ?, deleted = ?, seq = ? WHERE mailbox_id = ? AND id = ?'
					).run(
						doc.name,
						doc.changedAt.name,
						doc._deleted ? 1 : 0,
						nextSeq(db, mailboxId),
						mailboxId,
						doc.id
					);
					break;
				}
			}
			changed.add('folders');
		});
		return { conflicts, changed };
	}
};
