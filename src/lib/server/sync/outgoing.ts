import type { Db } from '../db/connection';
import { nextSeq } from '../db/connection';
import type { OutgoingDoc, OutgoingFailure } from '../../schemas/outgoing';
import { outgoingDoc } from '../../schemas/outgoing';
import type { SyncCollection } from '../../schemas/sync';
import { senderById } from '../senders/registry';
import { stableStringify } from '../crypto';
import { pullRows } from './pull';
import { ForbiddenChange, type CollectionHandler, type PushOutcome } from './types';

export interface OutgoingRow {
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
}

export function outgoingFromRow(row: OutgoingRow): OutgoingDoc {
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
function decide(db: Db, mailboxId: string, doc: OutgoingDoc, now: number): Decision {
	if (doc.inReplyTo) {
		const letter = db
			.prepare(
				`SELECT sender_id, sender_name, reply_allowed, reply_by, thread_id FROM letters
				 WHERE mailbox_id = ? AND id = ? AND deleted = 0 AND visible_from IS NULL`
			)
			.get(mailboxId, doc.inReplyTo) as
			| {
					sender_id: string;
					sender_name: string;
					reply_allowed: number;
					reply_by: string | null;
					thread_id: string;
			  }
			| undefined;
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

const comparedFields = Object.keys(outgoingDoc.shape).filter(
	(k) => k !== 'serverSeq'
) as (keyof OutgoingDoc)[];

export const outgoingHandler: CollectionHandler<OutgoingDoc> = {
	pull: (db, mailboxId, checkpoint, limit) =>
		pullRows<OutgoingRow, OutgoingDoc>(db, 'outgoing', mailboxId, checkpoint, limit, outgoingFromRow),

	push(db, mailboxId, rows, now): PushOutcome<OutgoingDoc> {
		const conflicts: OutgoingDoc[] = [];
		const changed = new Set<SyncCollection>();
		rows.forEach((row, i) => {
			const field = (name: string) => `rows.${i}.newDocumentState.${name}`;
			const doc = row.newDocumentState;
			const cur = db
				.prepare('SELECT * FROM outgoing WHERE mailbox_id = ? AND id = ?')
				.get(mailboxId, doc.id) as OutgoingRow | undefined;
			if (!cur) {
				const insert = db.prepare(
					`INSERT INTO outgoing (mailbox_id, id, seq, deleted, recipient_id, recipient_name, in_reply_to, thread_id,
					 title, body, created_at, status, failure, sent_at, reply_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
				);
				if (doc._deleted) {
					// Written and discarded while offline: keep a tombstone, send nothing.
					insert.run(
						mailboxId,
						doc.id,
						nextSeq(db, mailboxId),
						1,
						doc.recipientId,
						doc.recipientName,
						doc.inReplyTo,
						doc.id,
						doc.title,
						doc.body,
						doc.createdAt,
						'waiting',
						null,
						null,
						null
					);
				} else {
					const d = decide(db, mailboxId, doc, now);
					const sent = d.failure === null;
					insert.run(
						mailboxId,
						doc.id,
						nextSeq(db, mailboxId),
						0,
						d.recipientId,
						d.recipientName,
						doc.inReplyTo,
						d.threadId,
						doc.title,
						doc.body,
						doc.createdAt,
						sent ? 'sent' : 'failed',
						d.failure,
						sent ? now : null,
						sent ? nextReplySeq(db, d.recipientId) : null
					);
				}
				changed.add('outgoing');
				return;
			}
			const current = outgoingFromRow(cur);
			// A retried push (its answer was lost) lands here: the message exists, so nothing is sent twice.
			if (!row.assumedMasterState || row.assumedMasterState.serverSeq !== cur.seq) {
				conflicts.push(current);
				return;
			}
			const differing = comparedFields.filter((k) => stableStringify(doc[k]) !== stableStringify(current[k]));
			if (differing.length === 0) return;
			// The one change allowed after sending: dismissing a failed message from the outbox.
			if (
				differing.length === 1 &&
				differing[0] === '_deleted' &&
				doc._deleted &&
				current.status === 'failed'
			) {
				db.prepare('UPDATE outgoing SET deleted = 1, seq = ? WHERE mailbox_id = ? AND id = ?').run(
					nextSeq(db, mailboxId),
					mailboxId,
					doc.id
				);
				changed.add('outgoing');
				return;
			}
			throw new ForbiddenChange(field(differing[0]!), `A sent message cannot be changed (${differing[0]}).`);
		});
		return { conflicts, changed };
	}
};
