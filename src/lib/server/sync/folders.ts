import { nextSeq } from '../db/sequence';
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
	async push(t, mailboxId, rows, _now, actor = ownerActor): Promise<PushOutcome<FolderDoc>> {
		const conflicts: FolderDoc[] = [];
		const changed = new Set<'folders'>();
		for (const [i, row] of rows.entries()) {
			const record = await t.one<FolderRecord>('SELECT * FROM folders WHERE mailbox_id = $1 AND id = $2', [
				mailboxId,
				row.newDocumentState.id
			]);
			const decision = decideFolderPush(record ? folderFromRecord(record) : null, row);
			switch (decision.kind) {
				case 'forbidden':
					throw new ForbiddenChange(`rows.${i}.newDocumentState.${decision.field}`, decision.message);
				case 'conflict':
					conflicts.push(decision.current);
					continue;
				case 'unchanged':
					continue;
				case 'create': {
					const doc = decision.doc;
					actor.require(doc._deleted ? 'delete' : 'organise', `rows.${i}.newDocumentState`);
					if (!doc._deleted) await actor.note('folder_created', null, doc.name);
					await t.run(
						'INSERT INTO folders (mailbox_id, id, seq, deleted, name, created_at, changed_name) VALUES ($1, $2, $3, $4, $5, $6, $7)',
						[
							mailboxId,
							doc.id,
							await nextSeq(t, mailboxId),
							doc._deleted,
							doc.name,
							doc.createdAt,
							doc.changedAt.name
						]
					);
					break;
				}
				case 'update': {
					const doc = decision.doc;
					const field = `rows.${i}.newDocumentState`;
					if (doc._deleted && record!.deleted !== 1) {
						actor.require('delete', `${field}._deleted`);
						await actor.note('folder_deleted', null, record!.name);
					} else if (doc.name !== record!.name) {
						actor.require('organise', `${field}.name`);
						await actor.note('folder_renamed', null, doc.name);
					}
					await t.run(
						'UPDATE folders SET name = $1, changed_name = $2, deleted = $3, seq = $4 WHERE mailbox_id = $5 AND id = $6',
						[doc.name, doc.changedAt.name, doc._deleted, await nextSeq(t, mailboxId), mailboxId, doc.id]
					);
					break;
				}
			}
			changed.add('folders');
		}
		return { conflicts, changed };
	}
};
