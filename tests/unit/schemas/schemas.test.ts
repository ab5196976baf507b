import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { deliverMessageInput, letterDoc } from '../../../src/lib/schemas/letter';
import { folderDoc } from '../../../src/lib/schemas/folder';
import { outgoingDoc } from '../../../src/lib/schemas/outgoing';
import { pullQuery, pushRequest, PUSH_ROWS_MAX, versionQuery } from '../../../src/lib/schemas/sync';
import { firstIssue } from '../../../src/lib/server/http';

const message = () => ({
	messageUUID: randomUUID(),
	label: 'Brev',
	recipient: { idType: 'CPR', recipientID: '3102901234' },
	mainDocument: {
		label: 'Brev',
		files: [
			{ encodingFormat: 'text/plain', filename: 'brev.txt', content: Buffer.from('hej').toString('base64') }
		]
	}
});

function fieldOf(result: { success: boolean; error?: unknown }) {
	expect(result.success).toBe(false);
	return firstIssue(result.error as never).field;
}

describe('deliverMessageInput', () => {
	it('fills defaults for what MeMo makes optional', () => {
		const parsed = deliverMessageInput.parse(message());
		expect(parsed).toMatchObject({
			notification: '',
			reply: false,
			mandatory: false,
			legalNotification: false,
			additionalDocuments: [],
			messageType: 'DIGITALPOST',
			technicalDocuments: []
		});
		expect(parsed.mainDocument?.actions).toEqual([]);
	});

	it('names the field at fault', () => {
		const m = message();
		expect(
			fieldOf(deliverMessageInput.safeParse({ ...m, recipient: { idType: 'CVR', recipientID: '12345678' } }))
		).toBe('recipient.idType');
		expect(
			fieldOf(
				deliverMessageInput.safeParse({ ...m, recipient: { idType: 'CPR', recipientID: '31029O1234' } })
			)
		).toBe('recipient.recipientID');
		expect(fieldOf(deliverMessageInput.safeParse({ ...m, label: '' }))).toBe('label');
		expect(fieldOf(deliverMessageInput.safeParse({ ...m, notification: 'x'.repeat(151) }))).toBe(
			'notification'
		);
		expect(fieldOf(deliverMessageInput.safeParse({ ...m, replyByDateTime: '2026-13-01' }))).toBe(
			'replyByDateTime'
		);
		expect(fieldOf(deliverMessageInput.safeParse({ ...m, replyByDateTime: '2026-11-01T10:00:00' }))).toBe(
			'replyByDateTime'
		);
		const file = m.mainDocument.files[0]!;
		for (const filename of ['a/b.pdf', 'a\\b.pdf', 'line\nbreak.txt', '']) {
			expect(
				fieldOf(
					deliverMessageInput.safeParse({
						...m,
						mainDocument: { ...m.mainDocument, files: [{ ...file, filename }] }
					})
				)
			).toBe('mainDocument.files.0.filename');
		}
		expect(
			fieldOf(deliverMessageInput.safeParse({ ...m, mainDocument: { ...m.mainDocument, files: [] } }))
		).toBe('mainDocument.files');
		expect(
			fieldOf(
				deliverMessageInput.safeParse({
					...m,
					mainDocument: { ...m.mainDocument, files: [{ ...file, content: 'not base64!' }] }
				})
			)
		).toBe('mainDocument.files.0.content');
		expect(
			fieldOf(
				deliverMessageInput.safeParse({
					...m,
					mainDocument: {
						...m.mainDocument,
						actions: [{ label: 'x', actionCode: 'BETALING', url: 'ftp://x.dk' }]
					}
				})
			)
		).toBe('mainDocument.actions.0.url');
		expect(
			fieldOf(
				deliverMessageInput.safeParse({
					...m,
					mainDocument: { ...m.mainDocument, actions: [{ label: 'x', actionCode: 'PAY' }] }
				})
			)
		).toBe('mainDocument.actions.0.actionCode');
	});
});

describe('sync documents and queries', () => {
	it('accepts only UUIDs as folder ids and trims folder names', () => {
		const folder = {
			id: randomUUID(),
			serverSeq: 0,
			name: '  Skat  ',
			createdAt: 1,
			changedAt: { name: 1 },
			_deleted: false
		};
		expect(folderDoc.parse(folder).name).toBe('Skat');
		expect(fieldOf(folderDoc.safeParse({ ...folder, id: 'inbox' }))).toBe('id');
		expect(fieldOf(folderDoc.safeParse({ ...folder, name: '   ' }))).toBe('name');
		expect(fieldOf(folderDoc.safeParse({ ...folder, name: 'x'.repeat(61) }))).toBe('name');
	});

	it('refuses outgoing messages without a title or body and with unknown statuses', () => {
		const msg = {
			id: randomUUID(),
			serverSeq: 0,
			recipientId: 'skat',
			recipientName: 'SKAT',
			inReplyTo: null,
			title: 'Spørgsmål',
			body: 'Tekst',
			attachments: [],
			createdAt: Date.now(),
			status: 'waiting',
			failure: null,
			sentAt: null,
			_deleted: false
		};
		expect(outgoingDoc.safeParse(msg).success).toBe(true);
		expect(fieldOf(outgoingDoc.safeParse({ ...msg, body: ' ' }))).toBe('body');
		expect(fieldOf(outgoingDoc.safeParse({ ...msg, status: 'delivered' }))).toBe('status');
		expect(fieldOf(outgoingDoc.safeParse({ ...msg, failure: 'because' }))).toBe('failure');
		expect(fieldOf(outgoingDoc.safeParse({ ...msg, body: 'x'.repeat(10_001) }))).toBe('body');
	});

	it('requires every letter field and at least one document', () => {
		const result = letterDoc.safeParse({ id: randomUUID() });
		expect(result.success).toBe(false);
		expect(fieldOf(letterDoc.safeParse({}))).toBe('id');
	});

	it('coerces and bounds pull queries; needs a version', () => {
		expect(pullQuery.parse({ v: '0' })).toEqual({ checkpoint: 0, limit: 200, v: 0 });
		expect(pullQuery.parse({ checkpoint: '42', limit: '1000', v: '0' })).toEqual({
			checkpoint: 42,
			limit: 1000,
			v: 0
		});
		expect(fieldOf(pullQuery.safeParse({ limit: '1001', v: '0' }))).toBe('limit');
		expect(fieldOf(pullQuery.safeParse({ limit: '0', v: '0' }))).toBe('limit');
		expect(fieldOf(pullQuery.safeParse({ checkpoint: '1.5', v: '0' }))).toBe('checkpoint');
		expect(fieldOf(versionQuery.safeParse({}))).toBe('v');
	});

	it('bounds push batches', () => {
		const req = pushRequest(folderDoc);
		const row = {
			assumedMasterState: null,
			newDocumentState: {
				id: randomUUID(),
				serverSeq: 0,
				name: 'a',
				createdAt: 1,
				changedAt: { name: 1 },
				_deleted: false
			}
		};
		expect(req.safeParse({ rows: [row] }).success).toBe(true);
		expect(fieldOf(req.safeParse({ rows: [] }))).toBe('rows');
		expect(fieldOf(req.safeParse({ rows: Array(PUSH_ROWS_MAX + 1).fill(row) }))).toBe('rows');
		expect(fieldOf(req.safeParse({ rows: [{ ...row, assumedMasterState: undefined }] }))).toBe(
			'rows.0.assumedMasterState'
		);
	});
});
