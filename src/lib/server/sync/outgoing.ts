import type { Db } from '../db/connection';
import { nextSeq } from '../db/connection';
import type { OutgoingDoc, OutgoingFailure } from '../../schemas/outgoing';
import type { SyncCollection } from '../../schemas/sync';
import { decideOutgoingPush } from '../../sync/contract';
import { senderById } from '../senders/registry';
import { hiddenFromHelpers } from '../access/visibility';
import { pullRows } from './pull';
import { ForbiddenChange, ownerActor, type Actor, type CollectionHandler, type PushOutcome } from './types';

/** An outgoing message as stored in SQLite. */
export interface OutgoingRecord {
	mailbox_id: string;
	id: string;
	seq: number;
	deleted: number;
	recipient_id: string;
	recipient_name: string;
	in_reply_to: string | null;
	thread_id: string;
	title: string;
	body: string;
	created_at: number;
	status: 'waiting' | 'sent' | 'failed';
	failure: OutgoingFailure | null;
	sent_at: number | null;
	reply_seq: number | null;
	/** The helper who wrote it on the owner's behalf, by name (null: the owner). */
	written_by_name: string | null;
}

export function outgoingFromRecord(row: OutgoingRecord): OutgoingDoc {
	return {
		id: row.id,
		serverSeq: row.seq,
		recipientId: row.recipient_id,
		recipientName: row.recipient_name,
		inReplyTo: row.in_reply_to,
		title: row.title,
		body: row.body,
		createdAt: row.created_at,
		status: row.status,
		failure: row.failure,
		sentAt: row.sent_at,
		_deleted: row.deleted === 1
	};
}

interface Decision {
	recipientId: string;
	recipientName: string;
	threadId: string;
	failure: OutgoingFailure | null;
}

/** The business rules for a new outgoing message. Breaking one is an answer ("failed"), not an HTTP error. */
function decide(db: Db, mailboxId: string, doc: OutgoingDoc, now: number, actor: Actor): Decision {
	if (doc.inReplyTo) {
		const found = db
			.prepare(
				`SELECT sender_id, sender_name, sender_kind, reply_allowed, reply_by, thread_id FROM letters
				 WHERE mailbox_id = ? AND id = ? AND deleted = 0 AND visible_from IS NULL`
			)
			.get(mailboxId, doc.inReplyTo) as
			| {
					sender_id: string;
					sender_name: string;
					sender_kind: string;
					reply_allowed: number;
					reply_by: string | null;
					thread_id: string;
			  }
			| undefined;
		// A letter hidden from the helper is, to them, not there.
		const letter =
			found && actor.shownSenders && hiddenFromHelpers(found, actor.shownSenders) ? undefined : found;
		if (!letter) {
			return {
				recipientId: doc.recipientId,
				recipientName: doc.recipientName,
				threadId: doc.id,
				failure: 'letter_not_found'
			};
		}
		const base = {
			recipientId: letter.sender_id,
			recipientName: letter.sender_name,
			threadId: letter.thread_id
		};
		if (letter.reply_allowed !== 1) return { ...base, failure: 'reply_not_allowed' };
		if (letter.reply_by && Date.parse(letter.reply_by) < now)
			return { ...base, failure: 'reply_deadline_passed' };
		return { ...base, failure: null };
	}
	const sender = senderById(db, doc.recipientId);
	if (!sender)
		return {
			recipientId: doc.recipientId,
			recipientName: doc.recipientName,
			threadId: doc.id,
			failure: 'unknown_recipient'
		};
	const base = { recipientId: sender.id, recipientName: sender.name, threadId: doc.id };
	if (sender.kind !== 'public' || !sender.acceptsMessages)
		return { ...base, failure: 'recipient_not_public' };
	return { ...base, failure: null };
}

function nextReplySeq(db: Db, senderId: string): number {
	return (
		db
			.prepare('UPDATE senders SET last_reply_seq = last_reply_seq + 1 WHERE id = ? RETURNING last_reply_seq')
			.get(senderId) as {
			last_reply_seq: number;
		}
	).last_reply_seq;
}

function insert(
	db: Db,
	mailboxId: string,
	doc: OutgoingDoc,
	verdict: Decision | null,
	now: number,
	actor: Actor
): void {
	const sent = verdict !== null && verdict.failure === null;
	db.prepare(
		`INSERT INTO outgoing (mailbox_id, id, seq, deleted, recipient_id, recipient_name, in_reply_to, thread_id,
		 title, body, created_at, status, failure, sent_at, reply_seq, written_by, written_by_name)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		mailboxId,
		doc.id,
		nextSeq(db, mailboxId),
		verdict ? 0 : 1,
		verdict?.recipientId ?? doc.recipientId,
		verdict?.recipientName ?? doc.recipientName,
		doc.inReplyTo,
		verdict?.threadId ?? doc.id,
		doc.title,
		doc.body,
		doc.createdAt,
		verdict ? (sent ? 'sent' : 'failed') : 'waiting',
		verdict?.failure ?? null,
		sent ? now : null,
		sent ? nextReplySeq(db, verdict.recipientId) : null,
		actor.helper?.id ?? null,
		actor.helper?.name ?? null
	);
	if (verdict) actor.note('sent', doc.inReplyTo, doc.title);
}

export const outgoingHandler: CollectionHandler<OutgoingDoc> = {
	pull(db, mailboxId, checkpoint, limit, actor = ownerActor) {
		const shown = actor.shownSenders;
		// Messages to a company whose letters are hidden from helpers are hidden with them (as tombstones).
		const hidden = shown
			? new Set(
					(db.prepare("SELECT id FROM senders WHERE kind = 'private'").pluck().all() as string[]).filter(
						(id) => !shown.has(id)
					)
				)
			: null;
		return pullRows<OutgoingRecord, OutgoingDoc>(db, 'outgoing', mailboxId, checkpoint, limit, (record) => {
			const doc = outgoingFromRecord(record);
			return hidden?.has(record.recipient_id) ? { ...doc, title: '-', body: '-', _deleted: true } : doc;
		});
	},

	push(db, mailboxId, rows, now, actor = ownerActor): PushOutcome<OutgoingDoc> {
		const conflicts: OutgoingDoc[] = [];
		const changed = new Set<SyncCollection>();
		rows.forEach((row, i) => {
			const record = db
				.prepare('SELECT * FROM outgoing WHERE mailbox_id = ? AND id = ?')
				.get(mailboxId, row.newDocumentState.id) as OutgoingRecord | undefined;
			const decision = decideOutgoingPush(record ? outgoingFromRecord(record) : null, row);
			switch (decision.kind) {
				case 'forbidden':
					throw new ForbiddenChange(`rows.${i}.newDocumentState.${decision.field}`, decision.message);
				case 'conflict':
					// A retried push (its answer was lost) lands here: the message exists, so nothing is sent twice.
					conflicts.push(decision.current);
					return;
				case 'unchanged':
					return;
				case 'create': {
					const doc = decision.doc;
					actor.require('write', `rows.${i}.newDocumentState`);
					// Written and discarded while offline: keep a tombstone, send nothing.
					insert(
						db,
						mailboxId,
						doc,
						doc._deleted ? null : decide(db, mailboxId, doc, now, actor),
						now,
						actor
					);
					break;
				}
				case 'update':
					// Dismissing a failed message.
					actor.require('write', `rows.${i}.newDocumentState._deleted`);
					db.prepare('UPDATE outgoing SET deleted = 1, seq = ? WHERE mailbox_id = ? AND id = ?').run(
						nextSeq(db, mailboxId),
						mailboxId,
						decision.doc.id
					);
					break;
			}
			changed.add('outgoing');
		});
		return { conflicts, changed };
	}
};
