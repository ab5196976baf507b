import type { Queryable, Tx } from '../db/engine';
import { nextSeq } from '../db/sequence';
import {
	outgoingForward,
	type OutgoingAttachment,
	type OutgoingDoc,
	type OutgoingFailure,
	type OutgoingForward,
	type OutgoingPushDoc
} from '../../schemas/outgoing';
import { forwardedLetter } from '../mail/forward';
import type { PushRow } from '../../schemas/sync';
import {
	ATTACHMENT_MAX_BYTES,
	ATTACHMENTS_TOTAL_MAX_BYTES,
	attachmentName,
	checkAttachments,
	contentMatchesType
} from '../../mail/attachment-rules';
import type { SyncCollection } from '../../schemas/sync';
import { decideOutgoingPush } from '../../sync/contract';
import { senderById } from '../senders/registry';
import { hiddenFromHelpers } from '../access/visibility';
import { pullRows } from './pull';
import {
	ForbiddenChange,
	RefusedPush,
	ownerActor,
	type Actor,
	type CollectionHandler,
	type PushOutcome
} from './types';

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
	/** JSON list of OutgoingAttachment. */
	attachments: string;
	created_at: number;
	status: 'waiting' | 'sent' | 'failed';
	failure: OutgoingFailure | null;
	sent_at: number | null;
	reply_seq: number | null;
	/** JSON of outgoingForward, for a forwarded letter. */
	forward: string | null;
	/** The helper who wrote it on the owner's behalf (null: the owner). */
	written_by: string | null;
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
		// Absent rather than null, so a device's copy of a plain message stays equal to the server's.
		...(row.forward ? { forward: outgoingForward.parse(JSON.parse(row.forward)) } : {}),
		attachments: JSON.parse(row.attachments) as OutgoingAttachment[],
		...(row.written_by ? { writtenBy: { id: row.written_by, name: row.written_by_name ?? '' } } : {}),
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
	/** For a forward: the letter as the server knows it. */
	forward?: OutgoingForward;
}

/** The business rules for a new outgoing message. Breaking one is an answer ("failed"), not an HTTP error. */
async function decide(
	q: Queryable,
	mailboxId: string,
	doc: OutgoingDoc,
	now: number,
	actor: Actor
): Promise<Decision> {
	if (doc.inReplyTo) {
		const found = await q.one<{
			sender_id: string;
			sender_name: string;
			sender_kind: string;
			reply_allowed: number;
			reply_by: string | null;
			thread_id: string;
		}>(
			`SELECT sender_id, sender_name, sender_kind, reply_allowed, reply_by, thread_id FROM letters
			 WHERE mailbox_id = $1 AND id = $2 AND deleted = FALSE AND visible_from IS NULL`,
			[mailboxId, doc.inReplyTo]
		);
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
	const forward = doc.forward ? await forwardedLetter(q, mailboxId, doc.forward.letterId) : undefined;
	if (forward === null)
		return {
			recipientId: doc.recipientId,
			recipientName: doc.recipientName,
			threadId: doc.id,
			failure: 'letter_not_found'
		};
	const sender = await senderById(q, doc.recipientId);
	if (!sender)
		return {
			recipientId: doc.recipientId,
			recipientName: doc.recipientName,
			threadId: doc.id,
			failure: 'unknown_recipient'
		};
	const base = { recipientId: sender.id, recipientName: sender.name, threadId: doc.id, forward };
	if (sender.kind !== 'public' || !sender.acceptsMessages)
		return { ...base, failure: 'recipient_not_public' };
	return { ...base, failure: null };
}

/**
 * The sender's next replies cursor. The UPDATE row-locks the sender until COMMIT, so the replies cursor
 * (GET /api/v1/replies?after=) never skips a reply, as the mailbox sequence never skips a letter.
 */
async function nextReplySeq(t: Tx, senderId: string): Promise<number> {
	const seq = await t.value<number>(
		'UPDATE senders SET last_reply_seq = last_reply_seq + 1 WHERE id = $1 RETURNING last_reply_seq',
		[senderId]
	);
	if (seq === undefined) throw new Error('sender not found');
	return seq;
}

/**
 * The bytes of a new message's files, decoded and checked against the one attachment rule. `path` is the
 * row's field path, so the answer names the file at fault.
 */
function attachedFiles(doc: OutgoingPushDoc, path: string): Buffer[] {
	const files = doc.attachments.map((file, i) => {
		const field = `${path}.attachments.${i}`;
		if (file.content === undefined)
			throw new RefusedPush(
				400,
				'invalid_body',
				`${field}.content`,
				`${field}.content: the file is missing.`
			);
		const bytes = Buffer.from(file.content, 'base64');
		if (bytes.byteLength !== file.size)
			throw new RefusedPush(
				400,
				'invalid_body',
				`${field}.size`,
				`${field}.size: the file has ${bytes.byteLength} bytes, not ${file.size}.`
			);
		return bytes;
	});
	const problem = checkAttachments(doc.attachments.map((f) => ({ type: f.mediaType, size: f.size })));
	if (problem) {
		const field = `${path}.attachments.${problem.index}`;
		if (problem.problem === 'size' || problem.problem === 'total')
			throw new RefusedPush(
				413,
				'attachment_too_large',
				`${field}.content`,
				problem.problem === 'size'
					? `${field}.content: a file may be at most ${ATTACHMENT_MAX_BYTES} bytes.`
					: `${field}.content: a message's files may be at most ${ATTACHMENTS_TOTAL_MAX_BYTES} bytes together.`
			);
		throw new RefusedPush(
			400,
			'invalid_body',
			`${field}.${problem.problem === 'type' ? 'mediaType' : 'content'}`,
			`${field}: ${problem.problem}`
		);
	}
	doc.attachments.forEach((file, i) => {
		if (!contentMatchesType(files[i]!, file.mediaType))
			throw new RefusedPush(
				400,
				'invalid_body',
				`${path}.attachments.${i}.content`,
				`${path}.attachments.${i}.content: the file is not ${file.mediaType}.`
			);
	});
	return files;
}

/** The message as it is stored and synced: the attachments' names cleaned, their bytes left out. */
function withoutContent(doc: OutgoingPushDoc): OutgoingDoc {
	return {
		...doc,
		attachments: doc.attachments.map((file) => ({
			id: file.id,
			filename: attachmentName(file.filename),
			mediaType: file.mediaType,
			size: file.size
		}))
	};
}

async function insert(
	t: Tx,
	mailboxId: string,
	doc: OutgoingDoc,
	verdict: Decision | null,
	now: number,
	files: Buffer[],
	actor: Actor
): Promise<void> {
	const sent = verdict !== null && verdict.failure === null;
	await t.run(
		`INSERT INTO outgoing (mailbox_id, id, seq, deleted, recipient_id, recipient_name, in_reply_to, thread_id,
		 title, body, attachments, created_at, status, failure, sent_at, reply_seq, forward, written_by, written_by_name)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		[
			mailboxId,
			doc.id,
			await nextSeq(t, mailboxId),
			!verdict,
			verdict?.recipientId ?? doc.recipientId,
			verdict?.recipientName ?? doc.recipientName,
			doc.inReplyTo,
			verdict?.threadId ?? doc.id,
			doc.title,
			doc.body,
			JSON.stringify(doc.attachments),
			doc.createdAt,
			verdict ? (sent ? 'sent' : 'failed') : 'waiting',
			verdict?.failure ?? null,
			sent ? now : null,
			sent ? await nextReplySeq(t, verdict.recipientId) : null,
			doc.forward ? JSON.stringify(verdict?.forward ?? { letterId: doc.forward.letterId }) : null,
			actor.helper?.id ?? null,
			actor.helper?.name ?? null
		]
	);
	if (verdict) await actor.note('sent', doc.inReplyTo, doc.title);
	// Only a sent message's files are kept: the sender fetches them through the replies API.
	if (!sent) return;
	for (const [i, file] of doc.attachments.entries())
		await t.run(
			`INSERT INTO outgoing_files (mailbox_id, outgoing_id, position, id, filename, media_type, size, content)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			[mailboxId, doc.id, i, file.id, file.filename, file.mediaType, file.size, files[i]!]
		);
}

export const outgoingHandler: CollectionHandler<OutgoingDoc, OutgoingPushDoc> = {
	async pull(q, mailboxId, checkpoint, limit, actor = ownerActor) {
		const shown = actor.shownSenders;
		// Messages to a company whose letters are hidden from helpers are hidden with them (as tombstones).
		const hidden = shown
			? new Set(
					(await q.all<{ id: string }>("SELECT id FROM senders WHERE kind = 'private'"))
						.map((r) => r.id)
						.filter((id) => !shown.has(id))
				)
			: null;
		return pullRows<OutgoingRecord, OutgoingDoc>(q, 'outgoing', mailboxId, checkpoint, limit, (record) => {
			const doc = outgoingFromRecord(record);
			if (!hidden?.has(record.recipient_id)) return doc;
			const { forward: _forward, ...rest } = doc;
			return { ...rest, title: '-', body: '-', attachments: [], _deleted: true };
		});
	},

	async push(t, mailboxId, rows, now, actor = ownerActor): Promise<PushOutcome<OutgoingDoc>> {
		const conflicts: OutgoingDoc[] = [];
		const changed = new Set<SyncCollection>();
		for (const [i, pushed] of rows.entries()) {
			const row: PushRow<OutgoingDoc> = {
				assumedMasterState: pushed.assumedMasterState && withoutContent(pushed.assumedMasterState),
				newDocumentState: withoutContent(pushed.newDocumentState)
			};
			const record = await t.one<OutgoingRecord>('SELECT * FROM outgoing WHERE mailbox_id = $1 AND id = $2', [
				mailboxId,
				row.newDocumentState.id
			]);
			const decision = decideOutgoingPush(record ? outgoingFromRecord(record) : null, row);
			switch (decision.kind) {
				case 'forbidden':
					throw new ForbiddenChange(`rows.${i}.newDocumentState.${decision.field}`, decision.message);
				case 'conflict':
					// A retried push (its answer was lost) lands here: the message exists, so nothing is sent twice.
					conflicts.push(decision.current);
					continue;
				case 'unchanged':
					continue;
				case 'create': {
					const doc = decision.doc;
					actor.require('write', `rows.${i}.newDocumentState`);
					// Written and discarded while offline: keep a tombstone, send nothing.
					if (doc._deleted) await insert(t, mailboxId, doc, null, now, [], actor);
					else {
						const files = attachedFiles(pushed.newDocumentState, `rows.${i}.newDocumentState`);
						const verdict = await decide(t, mailboxId, doc, now, actor);
						await insert(t, mailboxId, doc, verdict, now, files, actor);
					}
					break;
				}
				case 'update':
					// Dismissing a failed message.
					actor.require('write', `rows.${i}.newDocumentState._deleted`);
					await t.run('UPDATE outgoing SET deleted = TRUE, seq = $1 WHERE mailbox_id = $2 AND id = $3', [
						await nextSeq(t, mailboxId),
						mailboxId,
						decision.doc.id
					]);
					break;
			}
			changed.add('outgoing');
		}
		return { conflicts, changed };
	}
};
