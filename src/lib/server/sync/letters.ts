import { nextSeq } from '../db/sequence';
import type { LetterDoc } from '../../schemas/letter';
import { decideLetterPush } from '../../sync/contract';
import { letterFromRecord, letterRecord, type LetterRecord } from '../mail/letters';
import { hiddenFromHelpers, hiddenTombstone } from '../access/visibility';
import { pullRows } from './pull';
import { purgedSeq } from './tombstones';
import { ForbiddenChange, ownerActor, type Actor, type CollectionHandler, type PushOutcome } from './types';

/** A letter the actor may not see is, to them, not there. */
function visibleTo(actor: Actor, record: LetterRecord | null): LetterRecord | null {
	return record && actor.shownSenders && hiddenFromHelpers(record, actor.shownSenders) ? null : record;
}

/** A helper never sees the owner's CPR number: the structured CPR data a sender added is left out. */
function withoutCpr(doc: LetterDoc): LetterDoc {
	const content = doc.memo?.ContentData;
	if (!content?.CPRdata) return doc;
	const { CPRdata: _cpr, ...rest } = content;
	return { ...doc, memo: { ...doc.memo, ContentData: rest } };
}

/** Checks a letter change against the actor's level and records it in the owner's history. */
async function checkAndNote(actor: Actor, before: LetterDoc, after: LetterDoc, field: string): Promise<void> {
	if (before.folder !== after.folder) {
		const trash = before.folder === 'trash' || after.folder === 'trash';
		actor.require(trash ? 'delete' : 'organise', `${field}.folder`);
		const action = after.folder === 'trash' ? 'trashed' : before.folder === 'trash' ? 'restored' : 'moved';
		await actor.note(action, after.id, after.title);
	}
	if (before.read !== after.read) {
		actor.require('organise', `${field}.read`);
		await actor.note(after.read ? 'read' : 'unread', after.id, after.title);
	}
}

/** A stored letter as this actor gets it: a helper gets no CPR data, and a tombstone for a hidden sender's. */
export function letterForActor(record: LetterRecord, actor: Actor): LetterDoc {
	const doc = letterFromRecord(record);
	if (!actor.helper) return doc;
	return visibleTo(actor, record) ? withoutCpr(doc) : hiddenTombstone(doc);
}

export const lettersHandler: CollectionHandler<LetterDoc> = {
	pull: (db, mailboxId, checkpoint, limit, actor = ownerActor) =>
		pullRows<LetterRecord, LetterDoc>(db, 'letters', mailboxId, checkpoint, limit, (record) =>
			letterForActor(record, actor)
		),

	async push(t, mailboxId, rows, now, actor = ownerActor): Promise<PushOutcome<LetterDoc>> {
		const conflicts: LetterDoc[] = [];
		const changed = new Set<'letters'>();
		let purged: number | undefined;
		for (const [i, row] of rows.entries()) {
			const stored = await letterRecord(t, mailboxId, row.newDocumentState.id);
			// A letter the device had from the server, from before the mailbox's purged tombstones, and the server
			// no longer has was purged (./tombstones.ts): there is nothing left to change. Anything else missing
			// (another mailbox's, a hidden one) is still refused below.
			const base = row.assumedMasterState;
			if (!stored && base && base.serverSeq <= (purged ??= await purgedSeq(t, mailboxId))) continue;
			const record = visibleTo(actor, stored);
			const decision = decideLetterPush(record ? letterFromRecord(record) : null, row, now);
			switch (decision.kind) {
				case 'forbidden':
					throw new ForbiddenChange(`rows.${i}.newDocumentState.${decision.field}`, decision.message);
				case 'conflict':
					conflicts.push(decision.current);
					continue;
				case 'unchanged':
				case 'create': // never: devices cannot create letters
					continue;
			}
			const doc = decision.doc;
			await checkAndNote(actor, letterFromRecord(record!), doc, `rows.${i}.newDocumentState`);
			// The purge clock runs on the server's time, from when the letter first went to the trash.
			const trashedServerAt =
				doc.folder === 'trash'
					? record!.folder === 'trash'
						? (record!.trashed_server_at ?? now)
						: now
					: null;
			await t.run(
				`UPDATE letters SET read = $1, folder = $2, trashed_at = $3, changed_read = $4, changed_folder = $5,
				 trashed_server_at = $6, seq = $7 WHERE mailbox_id = $8 AND id = $9`,
				[
					doc.read,
					doc.folder,
					doc.trashedAt,
					doc.changedAt.read,
					doc.changedAt.folder,
					trashedServerAt,
					await nextSeq(t, mailboxId),
					mailboxId,
					doc.id
				]
			);
			changed.add('letters');
		}
		return { conflicts, changed };
	}
};
