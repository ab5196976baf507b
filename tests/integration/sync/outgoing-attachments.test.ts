import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, senderApiKey, signedInCitizen } from '../../fixtures/citizens';
import type { OutgoingDoc, OutgoingPushDoc } from '../../../src/lib/schemas/outgoing';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_TOTAL_MAX_BYTES } from '../../../src/lib/mail/attachment-rules';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';
import { pullAll } from './helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

/** A small real JPEG header and body: what the server checks is the first bytes and the size. */
function jpeg(size: number): Buffer {
	const bytes = Buffer.alloc(size, 0x42);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return bytes;
}

function attachment(bytes: Buffer, extra: Partial<OutgoingPushDoc['attachments'][number]> = {}) {
	return {
		id: randomUUID(),
		filename: 'foto.jpg',
		mediaType: 'image/jpeg' as const,
		size: bytes.byteLength,
		content: bytes.toString('base64'),
		...extra
	};
}

function reply(letterId: string, attachments: OutgoingPushDoc['attachments']): OutgoingPushDoc {
	return {
		id: randomUUID(),
		serverSeq: 0,
		recipientId: 'skat',
		recipientName: 'Skattestyrelsen',
		inReplyTo: letterId,
		title: 'Svar med billede',
		body: 'Her er et billede af min kvittering.',
		attachments,
		createdAt: Date.now(),
		status: 'waiting',
		failure: null,
		sentAt: null,
		_deleted: false
	};
}

async function pushRaw(
	session: Awaited<ReturnType<typeof signedInCitizen>>['session'],
	doc: OutgoingPushDoc
) {
	return session.fetch(`/api/sync/v1/outgoing/push?v=${schemaVersions.outgoing}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows: [{ assumedMasterState: null, newDocumentState: doc }] })
	});
}

async function replyableLetter() {
	const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
	const input = letterInput(citizen.cpr, {
		reply: true,
		replyByDateTime: new Date(Date.now() + 7 * 86_400_000).toISOString()
	});
	const letterId = (await deliverLetter(baseUrl, dataDir, input)).body.letterId as string;
	return { citizen, session, letterId };
}

interface ReplyWithFiles {
	id: string;
	files: { filename: string; encodingFormat: string; size: number; content: string }[];
}

async function collectedReplies(): Promise<ReplyWithFiles[]> {
	const found: ReplyWithFiles[] = [];
	let after = '0';
	for (;;) {
		const res = await fetch(new URL(`/api/v1/replies?after=${after}&limit=500`, baseUrl), {
			headers: { authorization: `Bearer ${senderApiKey(dataDir, 'skat')}` }
		});
		expect(res.status).toBe(200);
		const page = (await res.json()) as { replies: ReplyWithFiles[]; cursor: string; hasMore: boolean };
		found.push(...page.replies);
		if (!page.hasMore) return found;
		after = page.cursor;
	}
}

describe('push: a reply with attachments', () => {
	it('arrives through the replies API with its files, byte for byte; devices sync only the list', async () => {
		const { session, letterId } = await replyableLetter();
		const photo = jpeg(300 * 1024);
		const pdf = Buffer.from('%PDF-1.4\n% kvittering\n%%EOF\n');
		const doc = reply(letterId, [
			attachment(photo, { filename: '../IMG_0001.jpg' }),
			attachment(pdf, { filename: 'kvittering.pdf', mediaType: 'application/pdf' })
		]);
		const res = await pushRaw(session, doc);
		expect(res.status).toBe(200);

		const stored = (await pullAll(session, 'outgoing')).find((o) => o.id === doc.id) as OutgoingDoc;
		expect(stored.status).toBe('sent');
		expect(stored.attachments).toEqual([
			{
				id: doc.attachments[0]!.id,
				filename: 'IMG_0001.jpg',
				mediaType: 'image/jpeg',
				size: photo.byteLength
			},
			{
				id: doc.attachments[1]!.id,
				filename: 'kvittering.pdf',
				mediaType: 'application/pdf',
				size: pdf.byteLength
			}
		]);
		expect(JSON.stringify(stored)).not.toContain('"content"');

		const mine = (await collectedReplies()).find((r) => r.id === doc.id);
		expect(mine?.files.map((f) => [f.filename, f.encodingFormat, f.size])).toEqual([
			['IMG_0001.jpg', 'image/jpeg', photo.byteLength],
			['kvittering.pdf', 'application/pdf', pdf.byteLength]
		]);
		expect(Buffer.from(mine!.files[0]!.content, 'base64').equals(photo)).toBe(true);
		expect(Buffer.from(mine!.files[1]!.content, 'base64').equals(pdf)).toBe(true);
	});

	it('refuses a file over the limit with 413 and a wrong type with 400, naming the field, and keeps nothing', async () => {
		const { session, letterId } = await replyableLetter();
		const cases: [OutgoingPushDoc['attachments'], number, string][] = [
			[[attachment(jpeg(ATTACHMENT_MAX_BYTES + 1))], 413, 'rows.0.newDocumentState.attachments.0.content'],
			[
				[
					attachment(jpeg(ATTACHMENTS_TOTAL_MAX_BYTES / 2)),
					attachment(jpeg(ATTACHMENTS_TOTAL_MAX_BYTES / 2)),
					attachment(jpeg(10))
				],
				413,
				'rows.0.newDocumentState.attachments.2.content'
			],
			[
				[{ ...attachment(Buffer.from('<html>')), mediaType: 'text/html' as 'image/jpeg' }],
				400,
				'rows.0.newDocumentState.attachments.0.mediaType'
			],
			[
				[attachment(Buffer.from('<html>x</html>'), { mediaType: 'application/pdf' })],
				400,
				'rows.0.newDocumentState.attachments.0.content'
			],
			[[attachment(jpeg(100), { size: 99 })], 400, 'rows.0.newDocumentState.attachments.0.size'],
			[[attachment(jpeg(100), { content: undefined })], 400, 'rows.0.newDocumentState.attachments.0.content']
		];
		for (const [attachments, status, field] of cases) {
			const doc = reply(letterId, attachments);
			const res = await pushRaw(session, doc);
			const body = (await res.json()) as { error: string; field: string };
			expect([res.status, body.field], field).toEqual([status, field]);
			expect((await pullAll(session, 'outgoing')).some((o) => o.id === doc.id)).toBe(false);
		}
	});
});
