import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/engine';
import { nextSeq } from '../db/sequence';
import { notifyMailbox } from '../sync/hub';
import type {
	DeliverMessageInput,
	DocumentInput,
	LetterDocument,
	TechnicalDocumentInput,
	TechnicalFileContentType
} from '../../schemas/letter';
import type { MemoData } from '../../schemas/memo';
import type { Sender } from '../senders/registry';
import { isOptedIn } from '../senders/registry';
import { citizenByCpr } from '../auth/citizens';
import { sha256Hex, stableStringify } from '../crypto';
import { textToHtml } from './sanitize';
import { sanitizeLetterHtml } from './html-sanitizer';
import { heldUntil } from './held';
import { sentMessageTo } from './replies';
import { addPdfText } from './pdf-text';
import { queueLetterNotices } from '../notify/outbox';
import { putFiles, type FileToStore } from './file-store';

export type PreparedFile = FileToStore;

export interface PreparedDocument {
	doc: LetterDocument;
	files: PreparedFile[];
}

export type Prepared =
	| { ok: true; documents: PreparedDocument[] }
	| { ok: false; status: 400 | 413 | 503; error: string; field: string; message: string };

/** First bytes each binary type must start with, so a file is what its content type says. */
const signatures: Partial<Record<TechnicalFileContentType, number[][]>> = {
	'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]],
	'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
	'image/jpeg': [[0xff, 0xd8, 0xff]]
};

function startsWith(buf: Buffer, sig: number[]): boolean {
	return sig.every((byte, i) => buf[i] === byte);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and checks a message's files and builds its documents: HTML sanitized off the request thread
 * (and stored sanitized), text escaped into the document's bodyHtml, PDFs' text taken out. No database.
 */
export async function prepareDocuments(input: DeliverMessageInput): Promise<Prepared> {
	if (input.messageType === 'NEMSMS') return { ok: true, documents: [textMessage(input)] };
	const documents: PreparedDocument[] = [];
	const sources: {
		path: string;
		kind: LetterDocument['kind'];
		doc: DocumentInput | TechnicalDocumentInput;
	}[] = [
		...(input.mainDocument ? [{ path: 'mainDocument', kind: 'main' as const, doc: input.mainDocument }] : []),
		...input.additionalDocuments.map((doc, i) => ({
			path: `additionalDocuments.${i}`,
			kind: 'additional' as const,
			doc
		})),
		...input.technicalDocuments.map((doc, i) => ({
			path: `technicalDocuments.${i}`,
			kind: 'technical' as const,
			doc
		}))
	];
	for (const source of sources) {
		const files: PreparedFile[] = [];
		let bodyHtml: string | null = null;
		for (const [i, file] of source.doc.files.entries()) {
			const field = `${source.path}.files.${i}.content`;
			let content = Buffer.from(file.content, 'base64');
			const sig = signatures[file.encodingFormat];
			if (sig && !sig.some((s) => startsWith(content, s))) {
				return {
					ok: false,
					status: 400,
					error: 'invalid_body',
					field,
					message: `${field}: the content is not ${file.encodingFormat}`
				};
			}
			if (file.encodingFormat === 'text/html' || file.encodingFormat === 'text/plain') {
				let text: string;
				try {
					text = utf8.decode(content);
				} catch {
					return {
						ok: false,
						status: 400,
						error: 'invalid_body',
						field,
						message: `${field}: text files must be UTF-8`
					};
				}
				// Technical documents are data for machines: kept and downloadable, never shown inline.
				const inline = source.kind !== 'technical';
				if (file.encodingFormat === 'text/html') {
					const sanitized = await sanitizeLetterHtml(text);
					if (!sanitized.ok) return { ...sanitized, field, message: `${field}: ${sanitized.message}` };
					const clean = sanitized.html;
					content = Buffer.from(clean, 'utf8');
					if (inline) bodyHtml ??= clean;
				} else if (inline) {
					bodyHtml ??= textToHtml(text);
				}
			}
			files.push({
				id: randomUUID(),
				filename: file.filename,
				contentType: file.encodingFormat,
				language: file.language ?? null,
				content
			});
		}
		documents.push({
			doc: {
				id: randomUUID(),
				kind: source.kind,
				...(source.doc.documentID ? { documentID: source.doc.documentID } : {}),
				title: source.doc.label,
				bodyHtml,
				files: files.map((f) => ({
					id: f.id,
					filename: f.filename,
					contentType: f.contentType,
					size: f.content.byteLength,
					language: f.language
				})),
				actions: 'actions' in source.doc ? source.doc.actions : []
			},
			files
		});
	}
	// The PDFs' text, so devices search it offline; before the delivery transaction, so a letter is written once.
	await addPdfText(documents);
	return { ok: true, documents };
}

/** A NemSMS is kept as a short text message: one main document holding its text, no files. */
function textMessage(input: DeliverMessageInput): PreparedDocument {
	return {
		doc: {
			id: randomUUID(),
			kind: 'main',
			title: input.label,
			bodyHtml: textToHtml(input.notification),
			files: [],
			actions: []
		},
		files: []
	};
}

/** The MeMo data a letter keeps beyond its own fields; null when there is none. */
function memoToKeep(input: DeliverMessageInput): MemoData | null {
	const memo: MemoData = {
		...input.memo,
		...(input.messageType === 'NEMSMS' ? { messageType: input.messageType } : {}),
		...(input.doNotDeliverUntilDate ? { doNotDeliverUntilDate: input.doNotDeliverUntilDate } : {})
	};
	return Object.keys(memo).length > 0 ? memo : null;
}

export interface DeliveryAnswer {
	status: number;
	body: Record<string, unknown>;
	/** Set when a letter was written now: the mailbox whose devices to wake. */
	deliveredTo?: string;
}

/** The answer a sender gets; stored with the delivery so a retry gets exactly the same. */
function delivered(letterId: string, messageUUID: string, receivedAt: number, visibleFrom: number | null) {
	const answer = { letterId, messageUUID, receivedAt: new Date(receivedAt).toISOString() };
	// Held until doNotDeliverUntilDate: accepted now, in the mailbox from visibleFrom.
	return visibleFrom === null
		? { status: 'delivered', ...answer }
		: { status: 'scheduled', ...answer, visibleFrom: new Date(visibleFrom).toISOString() };
}

/** The body hash a delivery is kept under; computed before the transaction (it serializes the body). */
export function deliveryHash(input: DeliverMessageInput): string {
	return sha256Hex(stableStringify(input));
}

interface StoredDelivery {
	body_hash: string;
	status: number;
	response: string;
}

/** The answer to a messageUUID delivered before: the same answer for the same body, 409 otherwise. */
function replay(previous: StoredDelivery, bodyHash: string): DeliveryAnswer {
	if (previous.body_hash === bodyHash) {
		return { status: previous.status, body: JSON.parse(previous.response) as Record<string, unknown> };
	}
	return {
		status: 409,
		body: {
			error: 'conflict',
			message:
				'This messageUUID was already delivered with a different body. Use a new messageUUID for a new message.',
			field: 'messageUUID'
		}
	};
}

/**
 * Delivers a validated message into the recipient's mailbox (new seq) inside the caller's transaction, and
 * wakes the mailbox's devices when it commits. Idempotent per sender and messageUUID, also across app
 * processes: the key is claimed by the deliveries table's primary key (INSERT … ON CONFLICT DO NOTHING);
 * the same body again gets the same answer, another body 409.
 */
export async function deliverMessage(
	t: Tx,
	sender: Sender,
	input: DeliverMessageInput,
	documents: PreparedDocument[],
	now: number,
	bodyHash = deliveryHash(input)
): Promise<DeliveryAnswer> {
	const stored = () =>
		t.one<StoredDelivery>(
			'SELECT body_hash, status, response FROM deliveries WHERE sender_id = $1 AND message_uuid = $2',
			[sender.id, input.messageUUID]
		);
	const previous = await stored();
	if (previous) return replay(previous, bodyHash);
	const recipient = await citizenByCpr(t, input.recipient.recipientID);
	if (!recipient) {
		return {
			status: 404,
			body: {
				error: 'unknown_recipient',
				message: 'No Digital Post mailbox has this CPR number.',
				field: 'recipient.recipientID'
			}
		};
	}
	if (sender.kind === 'private' && !(await isOptedIn(t, recipient.mailbox_id, sender.id))) {
		return {
			status: 403,
			body: {
				error: 'not_opted_in',
				message: `The recipient has not agreed to receive post from ${sender.name}. Private senders may deliver only to citizens who opted in.`,
				field: 'recipient.recipientID'
			}
		};
	}
	let threadId: string | null = null;
	if (input.replyTo) {
		const outgoing = await sentMessageTo(t, recipient.mailbox_id, input.replyTo, sender.id);
		if (!outgoing) {
			return {
				status: 400,
				body: {
					error: 'invalid_body',
					message: 'replyTo: the recipient has sent you no message with this id.',
					field: 'replyTo'
				}
			};
		}
		threadId = outgoing.threadId;
	}

	const letterId = randomUUID();
	// A held letter is hidden from the mailbox until releaseDueLetters (held.ts) gives it a new seq.
	const visibleFrom = heldUntil(input.doNotDeliverUntilDate, now);
	const memo = memoToKeep(input);
	const body = delivered(letterId, input.messageUUID, now, visibleFrom);
	// Claim the key first: another process delivering the same messageUUID waits here for our commit (then
	// finds our row) instead of writing a second letter.
	const claimed = await t.one(
		`INSERT INTO deliveries (sender_id, message_uuid, body_hash, letter_id, status, response, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)
		 ON CONFLICT (sender_id, message_uuid) DO NOTHING RETURNING letter_id`,
		[sender.id, input.messageUUID, bodyHash, letterId, 201, JSON.stringify(body), now]
	);
	if (!claimed) {
		const winner = await stored();
		if (!winner) throw new Error('delivery claim lost but no stored delivery');
		return replay(winner, bodyHash);
	}
	await t.run(
		`INSERT INTO letters (id, mailbox_id, seq, sender_id, message_uuid, sender_name, sender_kind, title, notification,
		 created_at, received_at, reply_allowed, reply_by, legal_notification, mandatory, case_id, thread_id, in_reply_to,
		 documents, visible_from, memo)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		[
			letterId,
			recipient.mailbox_id,
			await nextSeq(t, recipient.mailbox_id),
			sender.id,
			input.messageUUID,
			sender.name,
			sender.kind,
			input.label,
			input.notification,
			input.createdDateTime ?? new Date(now).toISOString(),
			visibleFrom ?? now,
			!!input.reply,
			input.replyByDateTime ?? null,
			!!input.legalNotification,
			!!input.mandatory,
			input.caseID ?? null,
			threadId ?? letterId,
			input.replyTo ?? null,
			JSON.stringify(documents.map((d) => d.doc)),
			visibleFrom,
			memo && JSON.stringify(memo)
		]
	);
	const files = documents.flatMap((d) => d.files);
	await putFiles(t, recipient.mailbox_id, letterId, files);
	// Notices are queued with the letter: both commit, or neither does. A held letter's are queued when
	// it is released (./held.ts), in the same transaction as the release.
	if (visibleFrom === null) {
		await queueLetterNotices(t, letterId, now);
		await notifyMailbox(recipient.mailbox_id, ['letters'], t);
	}
	return visibleFrom === null
		? { status: 201, body, deliveredTo: recipient.mailbox_id }
		: { status: 201, body };
}
