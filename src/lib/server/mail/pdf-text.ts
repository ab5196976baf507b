/**
 * The text of a letter's PDFs, taken out at delivery so devices can search it offline without the PDF.
 * Bounded: at most PDF_TEXT_PAGES pages and PDF_TEXT_CHARS characters per document, and PDF_TEXT_MS per
 * letter. A PDF that cannot be read (broken, encrypted, only images) gives no text; the letter is delivered
 * all the same.
 */
import { getDocumentProxy } from 'unpdf';
import { FILE_TEXT_MAX } from '../../schemas/letter';
import type { PreparedDocument } from './deliver';

export const PDF_TEXT_PAGES = 200;
export const PDF_TEXT_CHARS = FILE_TEXT_MAX;
export const PDF_TEXT_MS = 5_000;

class OutOfTime extends Error {}

/** The text of one PDF, whitespace collapsed, cut at `maxChars`; '' when it has none or cannot be read. */
export async function extractPdfText(
	content: Uint8Array,
	{ maxChars = PDF_TEXT_CHARS, deadline = Date.now() + PDF_TEXT_MS } = {}
): Promise<string> {
	let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const outOfTime = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new OutOfTime()), Math.max(0, deadline - Date.now()));
	});
	try {
		// A copy: PDF.js may take over (detach) the buffer it is given, and the file is stored afterwards.
		pdf = await Promise.race([getDocumentProxy(new Uint8Array(content), { verbosity: 0 }), outOfTime]);
		const parts: string[] = [];
		let length = 0;
		for (let n = 1; n <= Math.min(pdf.numPages, PDF_TEXT_PAGES) && length < maxChars; n += 1) {
			const page = await Promise.race([pdf.getPage(n), outOfTime]);
			const { items } = await Promise.race([page.getTextContent(), outOfTime]);
			for (const item of items) {
				if (!('str' in item)) continue;
				parts.push(item.str, item.hasEOL ? '\n' : '');
				length += item.str.length + 1;
			}
			parts.push('\n');
		}
		return parts.join('').replace(/\s+/g, ' ').trim().slice(0, maxChars);
	} catch {
		// Broken or too slow: the letter goes on without its PDF text (search still finds its other words).
		return '';
	} finally {
		clearTimeout(timer);
		await pdf?.destroy().catch(() => undefined);
	}
}

/**
 * Sets each shown document's `fileText` from its PDF files (technical documents are data for machines and
 * are not searched). Called by `prepareDocuments`, so every way in (JSON, MeMo/SF1601, demo) gets it.
 */
export async function addPdfText(documents: PreparedDocument[], now = Date.now()): Promise<void> {
	const deadline = now + PDF_TEXT_MS;
	for (const { doc, files } of documents) {
		if (doc.kind === 'technical') continue;
		const texts: string[] = [];
		let room = PDF_TEXT_CHARS;
		for (const file of files) {
			if (file.contentType !== 'application/pdf' || room <= 0 || Date.now() >= deadline) continue;
			const text = await extractPdfText(file.content, { maxChars: room, deadline });
			if (text) {
				texts.push(text);
				room -= text.length + 1;
			}
		}
		if (texts.length > 0) doc.fileText = texts.join('\n');
	}
}
