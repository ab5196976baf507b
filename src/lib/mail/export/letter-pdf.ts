/**
 * One letter as a PDF, made in the browser with pdf-lib (loaded only when asked for): a first part with the
 * sender, title, dates, case number and the letter's text, then the pages of its PDF files; other files
 * (images, text, HTML) go inside the PDF as attached files. Files not on the device are named as missing.
 */
import type { LetterData } from '$lib/db';
import type { PDFDocument as PdfDoc, PDFFont } from 'pdf-lib';
import { htmlToText } from '../search/letter-text';
import type { ReadFile } from './device-files';

export interface LetterPdfLabels {
	sender: string;
	received: string;
	caseId: string;
	files: string;
	appended: string;
	attached: string;
	missing: string;
	made: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

/** Paragraphs of sanitized HTML: block ends and line breaks start a new one. */
function paragraphs(html: string): string[] {
	return html
		.split(/<(?:br|\/p|\/div|\/li|\/h\d|\/tr)\b[^>]*>/i)
		.map(htmlToText)
		.filter(Boolean);
}

export async function letterPdf(
	letter: LetterData,
	options: {
		readFile: ReadFile;
		labels: LetterPdfLabels;
		/** The same labels in English, for a language the PDF's standard font cannot write. */
		fallbackLabels: LetterPdfLabels;
		formatDate: (value: number | string) => string;
	}
): Promise<Uint8Array> {
	const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
	const pdf = await PDFDocument.create();
	pdf.setTitle(letter.title);
	pdf.setAuthor(letter.senderName);
	pdf.setCreator('Postkasse');
	pdf.setCreationDate(new Date(letter.receivedAt));
	const regular = await pdf.embedFont(StandardFonts.Helvetica);
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
	// The standard fonts write Latin text (WinAnsi). Characters outside it become "?"; labels of a language they
	// cannot write at all fall back to English.
	const charset = new Set(regular.getCharacterSet());
	const drawable = (text: string) =>
		Array.from(text, (c) => (charset.has(c.codePointAt(0)!) ? c : c.trim() ? '?' : ' ')).join('');
	const fits = (text: string) => Array.from(text).every((c) => charset.has(c.codePointAt(0)!) || !c.trim());
	const labels = Object.values(options.labels).every(fits) ? options.labels : options.fallbackLabels;

	let page = pdf.addPage(A4);
	let y = A4[1] - MARGIN;
	const width = A4[0] - 2 * MARGIN;
	const write = (text: string, font: PDFFont, size: number, gap = 4, color = rgb(0, 0, 0)) => {
		const words = drawable(text).split(/\s+/).filter(Boolean);
		let line = '';
		const lines: string[] = [];
		for (const word of words) {
			const next = line ? `${line} ${word}` : word;
			if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
			else {
				lines.push(line);
				line = word;
			}
		}
		if (line) lines.push(line);
		for (const text of lines) {
			if (y - size < MARGIN) {
				page = pdf.addPage(A4);
				y = A4[1] - MARGIN;
			}
			y -= size * 1.25;
			// A single word wider than the page is cut rather than drawn past the margin.
			let shown = text;
			while (font.widthOfTextAtSize(shown, size) > width && shown.length > 1) shown = shown.slice(0, -1);
			page.drawText(shown, { x: MARGIN, y, size, font, color });
		}
		y -= gap;
	};
	const grey = rgb(0.3, 0.3, 0.3);

	write(`${labels.sender}: ${letter.senderName}`, regular, 11, 2, grey);
	write(letter.title, bold, 18, 6);
	write(`${labels.received}: ${options.formatDate(letter.receivedAt)}`, regular, 11, 2);
	if (letter.caseId) write(`${labels.caseId}: ${letter.caseId}`, regular, 11, 2);
	y -= 10;

	for (const document of letter.documents) {
		if (document.kind === 'technical') continue;
		if (document.title && document.title !== letter.title) write(document.title, bold, 13, 4);
		for (const paragraph of document.bodyHtml ? paragraphs(document.bodyHtml) : [])
			write(paragraph, regular, 11, 6);
	}

	// Files: PDF pages are added after the letter; other files are attached; missing ones are named.
	const appended: PdfDoc[] = [];
	const fileLines: string[] = [];
	for (const document of letter.documents) {
		for (const file of document.files) {
			const data = await options.readFile(file);
			if (!data) {
				fileLines.push(`${file.filename}: ${labels.missing}`);
				continue;
			}
			if (file.contentType === 'application/pdf') {
				// A PDF pdf-lib cannot read goes in as an attached file instead.
				const source = await PDFDocument.load(data, { ignoreEncryption: true }).catch(() => null);
				if (source) {
					appended.push(source);
					fileLines.push(`${file.filename}: ${labels.appended}`);
					continue;
				}
			}
			await pdf.attach(data, file.filename, {
				mimeType: file.contentType,
				description: document.title,
				creationDate: new Date(letter.receivedAt)
			});
			fileLines.push(`${file.filename}: ${labels.attached}`);
		}
	}
	if (fileLines.length > 0) {
		y -= 8;
		write(labels.files, bold, 13, 4);
		for (const line of fileLines) write(line, regular, 10, 2);
	}
	y -= 12;
	write(labels.made, regular, 8, 0, grey);

	for (const source of appended) {
		for (const copied of await pdf.copyPages(source, source.getPageIndices())) pdf.addPage(copied);
	}
	return pdf.save();
}
