import { z } from 'zod';
import { epochMs, isoDateTime, uuid } from './common';
import { memoData, memoDetails, messageType } from './memo';

/**
 * MeMo action codes: what the citizen is asked to do (book, pay, self-service, sign, confirm, …).
 * AFTALE carries a calendar reservation that the letter page offers as an .ics file.
 */
export const actionCode = z.enum([
	'AFTALE',
	'BETALING',
	'SELVBETJENING',
	'INFORMATION',
	'UNDERSKRIV',
	'BEKRAEFT',
	'FORBEREDELSE',
	'TILMELDING'
]);
export type ActionCode = z.infer<typeof actionCode>;

export const reservation = z.object({
	uid: uuid,
	abstract: z.string().min(1).max(200),
	description: z.string().max(2000).default(''),
	location: z.string().max(300).default(''),
	start: isoDateTime,
	end: isoDateTime,
	organizerName: z.string().max(200).default(''),
	organizerEmail: z.email().optional()
});
export type Reservation = z.infer<typeof reservation>;

export const action = z.object({
	label: z.string().min(1).max(200),
	actionCode,
	url: z.url({ protocol: /^https?$/ }).optional(),
	startDateTime: isoDateTime.optional(),
	endDateTime: isoDateTime.optional(),
	reservation: reservation.optional()
});
export type Action = z.infer<typeof action>;

/** File types a sender may deliver (MeMo restricts file types too). */
export const fileContentType = z.enum([
	'application/pdf',
	'text/plain',
	'text/html',
	'image/png',
	'image/jpeg'
]);
export type FileContentType = z.infer<typeof fileContentType>;

/** Technical documents (machine-readable data beside the letter) may also be XML or JSON; they are only downloaded. */
export const technicalFileContentType = z.enum([
	...fileContentType.options,
	'application/xml',
	'text/xml',
	'application/json'
]);
export type TechnicalFileContentType = z.infer<typeof technicalFileContentType>;

// ---------------------------------------------------------------------------
// Sender API input: POST /api/v1/messages (MeMo-shaped JSON; the sender comes from the API key).
// ---------------------------------------------------------------------------

const fileInputOf = <T extends z.ZodType<string>>(encodingFormat: T) =>
	z.object({
		encodingFormat,
		filename: z
			.string()
			.min(1)
			.max(200)
			// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
			.regex(/^[^/\\\u0000-\u001f]+$/, 'no path separators or control characters'),
		language: z.string().min(2).max(10).optional(),
		/** Base64 (RFC 4648) file content. */
		content: z.base64().min(1)
	});
export const fileInput = fileInputOf(fileContentType);
export type FileInput = z.infer<typeof fileInput>;

/** The sender's own id of a document (MeMo mainDocumentID, additionalDocumentID, technicalDocumentID). */
const documentID = z.string().trim().min(1).max(100).optional();

export const documentInput = z.object({
	documentID,
	label: z.string().min(1).max(200),
	files: z.array(fileInput).min(1).max(20),
	actions: z.array(action).max(20).default([])
});
export type DocumentInput = z.infer<typeof documentInput>;

export const technicalDocumentInput = z.object({
	documentID,
	label: z.string().min(1).max(200),
	files: z.array(fileInputOf(technicalFileContentType)).min(1).max(20)
});
export type TechnicalDocumentInput = z.infer<typeof technicalDocumentInput>;

const deliverMessageFields = z.object({
	messageUUID: uuid,
	/** NEMSMS: a short text message (label + notification), kept in the mailbox; there is no SMS gateway. */
	messageType: messageType.default('DIGITALPOST'),
	label: z.string().min(1).max(200),
	/** Short text for notifications and the list (for a NEMSMS: the message itself); never holds personal data. */
	notification: z.string().max(150).default(''),
	createdDateTime: isoDateTime.optional(),
	reply: z.boolean().default(false),
	replyByDateTime: isoDateTime.optional(),
	mandatory: z.boolean().default(false),
	legalNotification: z.boolean().default(false),
	/** Accepted now, shown in the mailbox (and notified) from this day, Danish time. */
	doNotDeliverUntilDate: z.iso.date().optional(),
	recipient: z.object({
		idType: z.literal('CPR', { message: "Postkasse holds citizens' mailboxes only: idType must be CPR" }),
		recipientID: z.string().regex(/^\d{10}$/, 'a CPR number is 10 digits')
	}),
	caseID: z.string().max(100).optional(),
	/** When this letter answers a citizen's outgoing message: that message's id. */
	replyTo: uuid.optional(),
	/** Required for DIGITALPOST; a NEMSMS has no documents. */
	mainDocument: documentInput.optional(),
	additionalDocuments: z.array(documentInput).max(20).default([]),
	technicalDocuments: z.array(technicalDocumentInput).max(20).default([]),
	/** MeMo header data kept with the letter (sender details, content data, reply and forward threads). */
	memo: memoDetails.optional()
});

export const deliverMessageInput = deliverMessageFields.superRefine((input, ctx) => {
	if (input.messageType === 'DIGITALPOST' && !input.mainDocument) {
		ctx.addIssue({ code: 'custom', path: ['mainDocument'], message: 'a letter needs a main document' });
	}
	if (input.messageType === 'NEMSMS') {
		if (!input.notification.trim()) {
			ctx.addIssue({ code: 'custom', path: ['notification'], message: 'a NEMSMS needs its text here' });
		}
		const documents = [
			['mainDocument', input.mainDocument ? 1 : 0],
			['additionalDocuments', input.additionalDocuments.length],
			['technicalDocuments', input.technicalDocuments.length]
		] as const;
		for (const [path, count] of documents) {
			if (count > 0) ctx.addIssue({ code: 'custom', path: [path], message: 'a NEMSMS has no documents' });
		}
	}
});
export type DeliverMessageInput = z.infer<typeof deliverMessageInput>;

// ---------------------------------------------------------------------------
// The letter as it syncs to the browser (collection "letters").
// ---------------------------------------------------------------------------

export const senderKind = z.enum(['public', 'private']);
export type SenderKind = z.infer<typeof senderKind>;

export const fileRef = z.object({
	id: z.string().min(1).max(64),
	filename: z.string().min(1).max(200),
	contentType: technicalFileContentType,
	size: z.number().int().min(0),
	language: z.string().max(10).nullable()
});
export type FileRef = z.infer<typeof fileRef>;

/** Most characters of PDF text kept per document (a long PDF is searched by its first pages). */
export const FILE_TEXT_MAX = 100_000;

export const letterDocument = z.object({
	id: z.string().min(1).max(64),
	kind: z.enum(['main', 'additional', 'technical']),
	/** The sender's own id of the document, when it gave one. */
	documentID: z.string().max(100).optional(),
	title: z.string().max(200),
	/** Sanitized HTML of the document's html or text file, shown inline; null when it has none. */
	bodyHtml: z.string().nullable(),
	/** The text of the document's PDF files, taken out at delivery so devices search it offline. */
	fileText: z.string().max(FILE_TEXT_MAX).optional(),
	files: z.array(fileRef),
	actions: z.array(action)
});
export type LetterDocument = z.infer<typeof letterDocument>;

/** A system folder (`inbox`, `archive`, `trash`) or the id of one of the citizen's own folders. */
export const folderRef = z.string().min(1).max(64);

export const letterDoc = z.object({
	id: uuid,
	serverSeq: z.number().int().min(0),
	senderId: z.string().min(1).max(64),
	senderName: z.string().min(1).max(200),
	senderKind,
	title: z.string().min(1).max(200),
	notification: z.string().max(150),
	createdAt: isoDateTime,
	/** Server clock, ms: the list's sort key. */
	receivedAt: epochMs,
	replyAllowed: z.boolean(),
	replyBy: isoDateTime.nullable(),
	legalNotification: z.boolean(),
	mandatory: z.boolean(),
	caseId: z.string().max(100).nullable(),
	/** The id of the first message of the reply thread this letter belongs to. */
	threadId: z.string().min(1).max(64),
	/** The outgoing message this letter answers, if any. */
	inReplyTo: z.string().max(64).nullable(),
	documents: z.array(letterDocument).min(1),
	/** MeMo data kept beyond what the view shows. */
	memo: memoData.optional(),
	// --- state a device may change (see $lib/sync/contract.ts) ---
	read: z.boolean(),
	folder: folderRef,
	/** Set when moved to trash (device clock); the server purges 30 days after. */
	trashedAt: epochMs.nullable(),
	/** Device clock per state field, used only to break a genuine tie in the field merge. */
	changedAt: z.object({ read: epochMs, folder: epochMs }),
	_deleted: z.boolean()
});
export type LetterDoc = z.infer<typeof letterDoc>;
