import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import {
	createCitizen,
	deliverLetter,
	letterInput,
	readDemo,
	senderApiKey,
	signedInCitizen
} from '../../fixtures/citizens';
import { letter } from '../sync/helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

const b64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64');

async function post(body: unknown, key: string | null = senderApiKey(dataDir, 'skat'), raw?: string) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const res = await fetch(new URL('/api/v1/messages', baseUrl), {
		method: 'POST',
		headers,
		body: raw ?? JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/v1/messages', () => {
	it('answers 401 without a key or with a wrong one', async () => {
		const citizen = await createCitizen(dataDir);
		expect((await post(letterInput(citizen.cpr), null)).status).toBe(401);
		const wrong = await post(letterInput(citizen.cpr), 'pk_not-a-real-key');
		expect(wrong.status).toBe(401);
		expect(wrong.body).toMatchObject({ error: 'unauthorized' });
	});

	it('answers 400 naming the wrong field', async () => {
		const citizen = await createCitizen(dataDir);
		const good = letterInput(citizen.cpr);
		const cases: [unknown, string][] = [
			[{ ...good, messageUUID: 'nope' }, 'messageUUID'],
			[{ ...good, recipient: { idType: 'CPR', recipientID: '123' } }, 'recipient.recipientID'],
			[
				{
					...good,
					mainDocument: { ...good.mainDocument, files: [{ ...good.mainDocument.files[0]!, content: '***' }] }
				},
				'mainDocument.files.0.content'
			],
			[
				{
					...good,
					mainDocument: {
						...good.mainDocument,
						files: [{ ...good.mainDocument.files[0]!, encodingFormat: 'application/x-msdownload' }]
					}
				},
				'mainDocument.files.0.encodingFormat'
			],
			[
				{
					...good,
					mainDocument: {
						...good.mainDocument,
						files: [{ ...good.mainDocument.files[0]!, filename: '../etc/passwd' }]
					}
				},
				'mainDocument.files.0.filename'
			],
			[{ ...good, additionalDocuments: [{ label: 'Bilag', files: [] }] }, 'additionalDocuments.0.files'],
			[
				{
					...good,
					mainDocument: {
						...good.mainDocument,
						actions: [{ label: 'Betal', actionCode: 'BETALING', url: 'javascript:alert(1)' }]
					}
				},
				'mainDocument.actions.0.url'
			],
			// Declared PDF, but the bytes are not a PDF.
			[
				{
					...good,
					mainDocument: {
						...good.mainDocument,
						files: [{ encodingFormat: 'application/pdf', filename: 'x.pdf', content: b64('<html>') }]
					}
				},
				'mainDocument.files.0.content'
			]
		];
		for (const [body, field] of cases) {
			const res = await post(body);
			expect(res.status, field).toBe(400);
			expect(res.body, field).toMatchObject({ error: 'invalid_body', field });
			expect(String(res.body.message)).toContain(field);
		}
		const notJson = await post(null, senderApiKey(dataDir, 'skat'), '{"label":');
		expect(notJson).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
	});

	it('delivers (201), and is idempotent on messageUUID: same body → same answer, different body → 409', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const input = letterInput(citizen.cpr, { label: 'Årsopgørelse' });
		const first = await post(input);
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({ status: 'delivered', messageUUID: input.messageUUID });
		const again = await post(input);
		expect(again).toEqual(first);
		const conflict = await post({ ...input, label: 'Noget andet' });
		expect(conflict.status).toBe(409);
		expect(conflict.body).toMatchObject({ error: 'conflict', field: 'messageUUID' });
		const letters = (await (await session.fetch('/api/sync/v1/letters/pull?v=1')).json()).documents;
		expect(letters).toHaveLength(1);
		// The same messageUUID from another sender is that sender's own message.
		expect((await deliverLetter(baseUrl, dataDir, input, 'region-hovedstaden')).status).toBe(201);
	});

	it('answers 404 for an unknown recipient', async () => {
		const res = await post(letterInput('3102009999'));
		expect(res.status).toBe(404);
		expect(res.body).toMatchObject({ error: 'unknown_recipient', field: 'recipient.recipientID' });
	});

	it('answers 403 with a reason when a private sender’s recipient has not opted in', async () => {
		const citizen = await createCitizen(dataDir, { optIns: ['fjordbank'] });
		const isp = await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr), 'lynfiber');
		expect(isp.status).toBe(403);
		expect(isp.body).toMatchObject({ error: 'not_opted_in' });
		expect(String(isp.body.message)).toContain('Lynfiber A/S');
		expect(
			(await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr), 'havtryg-forsikring')).status
		).toBe(403);
		expect((await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr), 'fjordbank')).status).toBe(201);
		// Public authorities need no opt-in.
		expect(
			(await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr), 'udbetaling-danmark')).status
		).toBe(201);
	});

	it('answers 413 (JSON) for a body over the limit', async () => {
		const citizen = await createCitizen(dataDir);
		const big = letterInput(citizen.cpr, {
			mainDocument: {
				label: 'Stor',
				files: [
					{
						encodingFormat: 'application/pdf',
						filename: 'stor.pdf',
						content: b64(Buffer.alloc(8 * 1024 * 1024, 0x25))
					}
				],
				actions: []
			}
		});
		const res = await post(big);
		expect(res.status).toBe(413);
		expect(res.body).toMatchObject({ error: 'too_large' });
	});

	it('sanitizes HTML on the way in and stores it sanitized; text is escaped into bodyHtml', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const html =
			'<h1>Brev</h1><p onclick="steal()">Hej <a href="javascript:alert(1)">klik</a> <a href="https://skat.dk">skat.dk</a></p>' +
			'<script>alert(1)</script><img src="x" onerror="alert(2)"><img src="https://tracker.example/p.gif">' +
			'<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="cpr"></form>';
		const input = letterInput(citizen.cpr, {
			mainDocument: {
				label: 'HTML-brev',
				files: [{ encodingFormat: 'text/html', filename: 'brev.html', content: b64(html) }],
				actions: []
			},
			additionalDocuments: [
				{
					label: 'Note',
					files: [
						{
							encodingFormat: 'text/plain',
							filename: 'note.txt',
							content: b64('1 < 2 & <b>fed</b>\nny linje')
						}
					],
					actions: []
				}
			]
		});
		const res = await post(input);
		expect(res.status).toBe(201);
		const doc = await letter(session, res.body.letterId as string);
		const body = doc.documents[0]!.bodyHtml!;
		for (const bad of [
			'<script',
			'onclick',
			'onerror',
			'javascript:',
			'<iframe',
			'<form',
			'<input',
			'tracker.example'
		]) {
			expect(body).not.toContain(bad);
		}
		expect(body).toContain('<h1>Brev</h1>');
		expect(body).toContain('href="https://skat.dk"');
		expect(body).toContain('rel="noopener noreferrer"');
		expect(doc.documents[1]!.bodyHtml).toBe('<p>1 &lt; 2 &amp; &lt;b&gt;fed&lt;/b&gt;<br>ny linje</p>');
		// The stored file is the sanitized HTML too.
		const file = await session.fetch(`/api/v1/files/${doc.documents[0]!.files[0]!.id}`);
		const stored = await file.text();
		expect(stored).toBe(body);
		expect(stored).not.toContain('<script');
	});

	it('keeps documents, files and actions as MeMo carries them', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const pdf = await PDFDocument.create();
		pdf.addPage().drawText('Årsopgørelse');
		const pdfBytes = await pdf.save();
		const input = letterInput(citizen.cpr, {
			label: 'Indkaldelse',
			legalNotification: true,
			mandatory: true,
			reply: true,
			replyByDateTime: '2030-01-31T12:00:00+01:00',
			caseID: 'KK-1',
			mainDocument: {
				label: 'Indkaldelse til møde',
				files: [
					{
						encodingFormat: 'application/pdf',
						filename: 'Indkaldelse.pdf',
						language: 'da',
						content: b64(pdfBytes)
					}
				],
				actions: [
					{
						label: 'Tilføj til kalender',
						actionCode: 'AFTALE',
						reservation: {
							uid: randomUUID(),
							abstract: 'Møde i Jobcenter',
							start: '2030-01-10T09:00:00+01:00',
							end: '2030-01-10T10:00:00+01:00',
							location: 'Jobcenter København',
							description: '',
							organizerName: 'Jobcenter'
						}
					},
					{
						label: 'Betal',
						actionCode: 'BETALING',
						url: 'https://betal.example.dk/123',
						endDateTime: '2030-01-20T00:00:00+01:00'
					}
				]
			}
		});
		const res = await post(
			input,
			readDemo(dataDir).senders.find((s) => s.id === 'koebenhavns-kommune')!.apiKey
		);
		expect(res.status).toBe(201);
		const doc = await letter(session, res.body.letterId as string);
		expect(doc).toMatchObject({
			title: 'Indkaldelse',
			senderName: 'Københavns Kommune',
			legalNotification: true,
			mandatory: true,
			replyAllowed: true,
			replyBy: '2030-01-31T12:00:00+01:00',
			caseId: 'KK-1'
		});
		expect(doc.documents[0]!.bodyHtml).toBeNull();
		expect(doc.documents[0]!.files[0]).toMatchObject({
			filename: 'Indkaldelse.pdf',
			contentType: 'application/pdf',
			size: pdfBytes.byteLength,
			language: 'da'
		});
		expect(doc.documents[0]!.actions.map((a) => a.actionCode)).toEqual(['AFTALE', 'BETALING']);
		expect(doc.receivedAt).toBeGreaterThan(Date.now() - 60_000);
	});
});
