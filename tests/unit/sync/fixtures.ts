import { randomUUID } from 'node:crypto';
import type { FolderDoc } from '../../../src/lib/schemas/folder';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';

export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

export function letter(overrides: Partial<LetterDoc> = {}): LetterDoc {
	const id = overrides.id ?? randomUUID();
	return {
		id,
		serverSeq: 1,
		senderId: 'skat',
		senderName: 'Skattestyrelsen',
		senderKind: 'public',
		title: 'Din årsopgørelse',
		notification: 'Se din årsopgørelse',
		createdAt: new Date(T0).toISOString(),
		receivedAt: T0,
		replyAllowed: false,
		replyBy: null,
		legalNotification: false,
		mandatory: false,
		caseId: null,
		threadId: id,
		inReplyTo: null,
		documents: [
			{
				id: 'doc-1',
				kind: 'main',
				title: 'Årsopgørelse',
				bodyHtml: '<p>Hej</p>',
				files: [],
				actions: []
			}
		],
		read: false,
		folder: 'inbox',
		trashedAt: null,
		changedAt: { read: 0, folder: 0 },
		_deleted: false,
		...overrides
	};
}

export function folder(overrides: Partial<FolderDoc> = {}): FolderDoc {
	return {
		id: randomUUID(),
		serverSeq: 1,
		name: 'Skat',
		createdAt: T0,
		changedAt: { name: T0 },
		_deleted: false,
		...overrides
	};
}

export function outgoing(overrides: Partial<OutgoingDoc> = {}): OutgoingDoc {
	return {
		id: randomUUID(),
		serverSeq: 0,
		recipientId: 'skat',
		recipientName: 'Skattestyrelsen',
		inReplyTo: null,
		title: 'Spørgsmål',
		body: 'Hej, jeg har et spørgsmål.',
		attachments: [],
		createdAt: T0,
		status: 'waiting',
		failure: null,
		sentAt: null,
		_deleted: false,
		...overrides
	};
}
