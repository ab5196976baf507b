import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { letterPdf } from '../../../../src/lib/mail/export/letter-pdf';
import type { FileRef } from '../../../../src/lib/schemas/letter';
import { letter } from '../../sync/fixtures';

const labels = {
	sender: 'Fra',
	received: 'Modtaget',
	caseId: 'Sagsnummer',
	files: 'Filer',
	appended: 'siderne står bagest',
	attached: 'vedhæftet denne PDF',
	missing: 'ikke på denne enhed',
	made: 'Lavet med Postkasse'
};
const english = { ...labels, sender: 'From', received: 'Received' };

async function onePagePdf(text: string): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	const font = await pdf.embedFont(StandardFonts.Helvetica);
	pdf.addPage().drawText(text, { x: 50, y: 700, size: 12, font });
	return pdf.save();
}

const file = (id: string, filename: string, contentType: FileRef['contentType']): FileRef => ({
	id,
	filename,
	contentType,
	size: 1,
	language: null
});

describe('letterPdf', () => {
	it('writes sender, title, date, case number and text, appends PDF pages and attaches other files', async () => {
		const l = letter({
			title: 'Ændring af ejendomsskat',
			senderName: 'Aarhus Kommune',
			caseId: 'SAG-2026-77'
		});
		l.documents[0]!.bodyHtml = '<p>Kære borger,</p><p>din ejendomsskat stiger fra næste år.</p>';
		l.documents[0]!.files = [
			file('p', 'afgørelse.pdf', 'application/pdf'),
			file('i', 'kort.png', 'image/png'),
			file('m', 'bilag.pdf', 'application/pdf')
		];
		const files: Record<string, Uint8Array> = {
			p: await onePagePdf('Afgoerelse side 1'),
			i: new Uint8Array([0x89, 0x50, 0x4e, 0x47])
		};
		const bytes = await letterPdf(l, {
			readFile: async (f) => files[f.id] ?? null,
			labels,
			fallbackLabels: english,
			formatDate: () => '2. november 2026'
		});
		const doc = await PDFDocument.load(bytes);
		expect(doc.getPageCount()).toBe(2);
		expect(doc.getTitle()).toBe('Ændring af ejendomsskat');
		const proxy = await getDocumentProxy(new Uint8Array(bytes));
		const { text } = await extractText(proxy, { mergePages: false });
		expect(text[0]).toContain('Fra: Aarhus Kommune');
		expect(text[0]).toContain('Ændring af ejendomsskat');
		expect(text[0]).toContain('Modtaget: 2. november 2026');
		expect(text[0]).toContain('Sagsnummer: SAG-2026-77');
		expect(text[0]).toContain('din ejendomsskat stiger fra næste år.');
		expect(text[0]).toContain('afgørelse.pdf: siderne står bagest');
		expect(text[0]).toContain('kort.png: vedhæftet denne PDF');
		expect(text[0]).toContain('bilag.pdf: ikke på denne enhed');
		expect(text[1]).toContain('Afgoerelse side 1');
		// The image travels inside the PDF as an attached file.
		const attachments = (await proxy.getAttachments()) as Record<
			string,
			{ filename: string; content: Uint8Array }
		>;
		expect(Object.values(attachments).map((a) => [a.filename, [...a.content]])).toEqual([
			['kort.png', [0x89, 0x50, 0x4e, 0x47]]
		]);
	});

	it('falls back to English labels when the font cannot write the language, and never fails on the text', async () => {
		const l = letter({ title: 'ضريبة العقار', senderName: 'Skattestyrelsen' });
		const bytes = await letterPdf(l, {
			readFile: async () => null,
			labels: { ...labels, sender: 'من' },
			fallbackLabels: english,
			formatDate: () => '2026-11-02'
		});
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
		expect(text).toContain('From: Skattestyrelsen');
		expect(text).toContain('? ?');
	});
});
