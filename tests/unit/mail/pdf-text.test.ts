import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { letterPdf } from '../../../src/lib/server/seed/pdf';
import { prepareDocuments } from '../../../src/lib/server/mail/deliver';
import { extractPdfText } from '../../../src/lib/server/mail/pdf-text';
import { deliverMessageInput } from '../../../src/lib/schemas/letter';

const pdfOf = (paragraphs: string[]) =>
	letterPdf({
		sender: 'Aarhus Kommune',
		title: 'Boligstøtte',
		date: new Date(2026, 2, 1),
		lang: 'da',
		paragraphs
	});

describe('PDF text', () => {
	it('takes the text out of a PDF, Danish letters included', async () => {
		const bytes = await pdfOf(['Du får boligstøtten fra 1. marts.', 'Ejendomsskat: æ ø å Æ Ø Å.']);
		const text = await extractPdfText(bytes);
		expect(text).toContain('Du får boligstøtten fra 1. marts.');
		expect(text).toContain('Ejendomsskat: æ ø å Æ Ø Å.');
		expect(text).not.toMatch(/\s{2}/);
	});

	it('reads every page and stops at the limit', async () => {
		const pdf = await PDFDocument.create();
		const font = await pdf.embedFont(StandardFonts.Helvetica);
		for (const word of ['forside', 'bagside']) pdf.addPage().drawText(word, { x: 50, y: 700, font });
		const bytes = await pdf.save();
		expect(await extractPdfText(bytes)).toBe('forside bagside');
		expect(await extractPdfText(bytes, { maxChars: 4 })).toBe('fors');
	});

	it('gives no text for a broken PDF or one out of time, instead of failing', async () => {
		expect(await extractPdfText(new TextEncoder().encode('%PDF-1.7 this is not a PDF'))).toBe('');
		const bytes = await pdfOf(['tekst']);
		expect(await extractPdfText(bytes, { deadline: Date.now() - 1 })).toBe('');
	});

	it("sets each shown document's text as the documents are prepared, leaving the file as it was", async () => {
		const pdf = Buffer.from(await pdfOf(['Kun i PDF-filen: vandafledningsbidrag.']));
		const broken = Buffer.from('%PDF-1.4 broken');
		const file = (content: Buffer, filename: string) => ({
			encodingFormat: 'application/pdf',
			filename,
			content: content.toString('base64')
		});
		const input = deliverMessageInput.parse({
			messageUUID: crypto.randomUUID(),
			label: 'Afgørelse',
			recipient: { idType: 'CPR', recipientID: '0101901234' },
			mainDocument: { label: 'Brev', files: [file(pdf, 'brev.pdf'), file(broken, 'i-stykker.pdf')] },
			additionalDocuments: [{ label: 'Bilag', files: [file(broken, 'bilag.pdf')] }]
		});
		// prepareDocuments takes the text out as it builds the documents.
		const prepared = await prepareDocuments(input);
		if (!prepared.ok) throw new Error(prepared.message);
		const [main, extra] = prepared.documents;
		expect(main!.doc.fileText).toContain('vandafledningsbidrag');
		expect(extra!.doc.fileText).toBeUndefined();
		expect(main!.files[0]!.content.equals(pdf)).toBe(true);
	});
});
