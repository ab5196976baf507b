/**
 * RxDB JSON schemas for the three replicated collections. They mirror the zod wire types in
 * $lib/schemas (the one source of truth); `tests/unit/db/schemas.test.ts` checks they stay in step.
 *
 * Version bumps: a local database is a copy of the server's, and each new field so far is optional, so old
 * documents stay valid as they are (`migrationStrategies` below). The replication identifier carries the
 * version too, so a device pulls everything again after an upgrade and gets the new fields.
 *
 * The letters collection has no secondary index on purpose: the mailbox lists are served from an in-memory
 * index ($lib/mail/mail-index.ts), and every extra IndexedDB index makes the first sync slower.
 */
import type { RxJsonSchema } from 'rxdb';
import { schemaVersions } from '$lib/schemas/sync-constants';
import type { FolderDoc } from '$lib/schemas/folder';
import type { LetterDoc } from '$lib/schemas/letter';
import type { OutgoingDoc } from '$lib/schemas/outgoing';

type Stored<T> = Omit<T, '_deleted'>;

const id = { type: 'string', maxLength: 36 } as const;
const seq = { type: 'integer', minimum: 0 } as const;
const ms = { type: 'number', minimum: 0, maximum: 8.64e15, multipleOf: 1 } as const;
const nullableMs = { type: ['number', 'null'] } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;

const action = {
	type: 'object',
	properties: {
		label: text(200),
		actionCode: text(20),
		url: text(2000),
		startDateTime: text(40),
		endDateTime: text(40),
		reservation: {
			type: 'object',
			properties: {
				uid: text(36),
				abstract: text(200),
				description: text(2000),
				location: text(300),
				start: text(40),
				end: text(40),
				organizerName: text(200),
				organizerEmail: text(320)
			},
			required: ['uid', 'abstract', 'start', 'end']
		}
	},
	required: ['label', 'actionCode']
} as const;

const fileRef = {
	type: 'object',
	properties: {
		id: text(64),
		filename: text(200),
		contentType: text(40),
		size: { type: 'integer', minimum: 0 },
		language: nullableText(10)
	},
	required: ['id', 'filename', 'contentType', 'size', 'language']
} as const;

const letterDocument = {
	type: 'object',
	properties: {
		id: text(64),
		kind: text(10),
		documentID: text(100),
		title: text(200),
		bodyHtml: { type: ['string', 'null'] },
		files: { type: 'array', items: fileRef },
		actions: { type: 'array', items: action }
	},
	required: ['id', 'kind', 'title', 'bodyHtml', 'files', 'actions']
} as const;

export const letterSchema: RxJsonSchema<Stored<LetterDoc>> = {
	title: 'letters',
	description: 'Letters delivered to the mailbox; the server owns everything but the state fields.',
	version: schemaVersions.letters,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id,
		serverSeq: seq,
		senderId: text(64),
		senderName: text(200),
		senderKind: text(10),
		title: text(200),
		notification: text(150),
		createdAt: text(40),
		receivedAt: ms,
		replyAllowed: { type: 'boolean' },
		replyBy: nullableText(40),
		legalNotification: { type: 'boolean' },
		mandatory: { type: 'boolean' },
		caseId: nullableText(100),
		threadId: text(64),
		inReplyTo: nullableText(64),
		documents: { type: 'array', minItems: 1, items: letterDocument },
		// MeMo data the view does not show yet; its shape is checked by zod on the server ($lib/schemas/memo).
		memo: { type: 'object' },
		read: { type: 'boolean' },
		folder: text(64),
		trashedAt: nullableMs,
		changedAt: {
			type: 'object',
			properties: { read: ms, folder: ms },
			required: ['read', 'folder']
		}
	},
	required: [
		'id',
		'serverSeq',
		'senderId',
		'senderName',
		'senderKind',
		'title',
		'notification',
		'createdAt',
		'receivedAt',
		'replyAllowed',
		'replyBy',
		'legalNotification',
		'mandatory',
		'caseId',
		'threadId',
		'inReplyTo',
		'documents',
		'read',
		'folder',
		'trashedAt',
		'changedAt'
	],
	additionalProperties: false
};

/** How a stored document of an older schema version becomes the current one (RxDB's migration-schema plugin). */
export const letterMigrations = {
	// 0 → 1: `memo` and `documentID` are new and optional; nothing to change.
	1: (doc: Stored<LetterDoc>) => doc
};

export const folderSchema: RxJsonSchema<Stored<FolderDoc>> = {
	title: 'folders',
	description: "The citizen's own folders.",
	version: schemaVersions.folders,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id,
		serverSeq: seq,
		name: text(60),
		createdAt: ms,
		changedAt: { type: 'object', properties: { name: ms }, required: ['name'] }
	},
	required: ['id', 'serverSeq', 'name', 'createdAt', 'changedAt'],
	additionalProperties: false
};

export const outgoingSchema: RxJsonSchema<Stored<OutgoingDoc>> = {
	title: 'outgoing',
	description: 'Replies and new messages the citizen writes; the server sends them.',
	version: schemaVersions.outgoing,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id,
		serverSeq: seq,
		recipientId: text(64),
		recipientName: text(200),
		inReplyTo: nullableText(36),
		title: text(200),
		body: text(10_000),
		createdAt: ms,
		status: text(10),
		failure: nullableText(40),
		sentAt: nullableMs
	},
	required: [
		'id',
		'serverSeq',
		'recipientId',
		'recipientName',
		'inReplyTo',
		'title',
		'body',
		'createdAt',
		'status',
		'failure',
		'sentAt'
	],
	additionalProperties: false
};
