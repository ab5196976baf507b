import { describe, expect, inject, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { deliverLetter, letterInput, signedInCitizen } from '../../fixtures/citizens';
import { letter } from '../sync/helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

describe('GET /api/v1/files/:id', () => {
	it('serves the owner’s file with type, disposition, ETag and no-sniff', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const pdf = await PDFDocument.create();
		pdf.addPage();
		const bytes = await pdf.save();
		const filename = 'Årsopgørelse "2025".pdf';
		const input = letterInput(citizen.cpr, {
			mainDocument: {
				label: 'Årsopgørelse',
				files: [
					{ encodingFormat: 'application/pdf', filename, content: Buffer.from(bytes).toString('base64') }
				],
				actions: []
			}
		});
		const id = (await deliverLetter(baseUrl, dataDir, input)).body.letterId as string;
		const fileId = (await letter(session, id)).documents[0]!.files[0]!.id;

		const res = await session.fetch(`/api/v1/files/${fileId}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe(
			`inline; filename="_rsopg_relse _2025_.pdf"; filename*=UTF-8''%C3%85rsopg%C3%B8relse%20%222025%22.pdf`
		);
		expect(res.headers.get('cache-control')).toBe('private, max-age=0');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
		const etag = res.headers.get('etag')!;
		expect(etag).toMatch(/^"[0-9a-f]{64}"$/);

		const download = await session.fetch(`/api/v1/files/${fileId}?download=1`);
		expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
		const cached = await session.fetch(`/api/v1/files/${fileId}`, { headers: { 'if-none-match': etag } });
		expect(cached.status).toBe(304);
		expect(cached.headers.get('etag')).toBe(etag);
	});

	it('serves a letter’s HTML as text/html in a sandbox, and text as UTF-8', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const id = (
			await deliverLetter(
				baseUrl,
				dataDir,
				letterInput(citizen.cpr, {
					mainDocument: {
						label: 'Brev',
						files: [
							{
								encodingFormat: 'text/html',
								filename: 'brev.html',
								content: Buffer.from('<p>Hej</p>').toString('base64')
							},
							{
								encodingFormat: 'text/plain',
								filename: 'brev.txt',
								content: Buffer.from('Hej æøå').toString('base64')
							}
						],
						actions: []
					}
				})
			)
		).body.letterId as string;
		const [html, text] = (await letter(session, id)).documents[0]!.files;
		const htmlRes = await session.fetch(`/api/v1/files/${html!.id}`);
		expect(htmlRes.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(htmlRes.headers.get('content-security-policy')).toContain('sandbox');
		const textRes = await session.fetch(`/api/v1/files/${text!.id}`);
		expect(textRes.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(await textRes.text()).toBe('Hej æøå');
	});
});
