import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, signedInCitizen } from '../../fixtures/citizens';
import { letterPdf } from '../../../src/lib/server/seed/pdf';
import { pull } from '../sync/helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

const pdfFile = (content: Uint8Array | Buffer, filename: string) => ({
	encodingFormat: 'application/pdf' as const,
	filename,
	content: Buffer.from(content).toString('base64')
});

describe('PDF text at delivery', () => {
	it("sends a PDF's text to devices with the letter, and delivers a letter whose PDF is broken", async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const pdf = await letterPdf({
			sender: 'Skattestyrelsen',
			title: 'Ejendomsvurdering',
			date: new Date(2026, 10, 1),
			lang: 'da',
			paragraphs: ['Den foreløbige ejendomsværdiskat for din bolig er 14.250 kr.']
		});
		const withPdf = letterInput(citizen.cpr, {
			label: 'Din ejendomsvurdering',
			additionalDocuments: [{ label: 'Vurdering', files: [pdfFile(pdf, 'vurdering.pdf')], actions: [] }]
		});
		const broken = letterInput(citizen.cpr, {
			label: 'Bilag i stykker',
			additionalDocuments: [
				{ label: 'Bilag', files: [pdfFile(Buffer.from('%PDF-1.7 not really'), 'bilag.pdf')], actions: [] }
			]
		});
		expect((await deliverLetter(baseUrl, dataDir, withPdf)).status).toBe(201);
		expect((await deliverLetter(baseUrl, dataDir, broken)).status).toBe(201);

		const { documents } = await pull(session, 'letters');
		const [first, second] = documents;
		expect(first!.title).toBe('Din ejendomsvurdering');
		// The main document is plain text: nothing to take out; the PDF's text comes with its document.
		expect(first!.documents[0]!.fileText).toBeUndefined();
		expect(first!.documents[1]!.fileText).toContain('ejendomsværdiskat for din bolig er 14.250 kr.');
		expect(first!.documents[1]!.files[0]).toMatchObject({ filename: 'vurdering.pdf', size: pdf.byteLength });
		expect(second!.title).toBe('Bilag i stykker');
		expect(second!.documents[1]!.fileText).toBeUndefined();

		// The PDF itself is still there, byte for byte.
		const fileId = first!.documents[1]!.files[0]!.id;
		const res = await session.fetch(`/api/v1/files/${fileId}`);
		expect(res.status).toBe(200);
		expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
	});
});
