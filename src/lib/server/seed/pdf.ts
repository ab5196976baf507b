import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		const next = line ? `${line} ${word}` : word;
		if (font.widthOfTextAtSize(next, size) > width && line) {
			lines.push(line);
			line = word;
		} else {
			line = next;
		}
	}
	if (line) lines.push(line);
	return lines;
}

/** A plain one- or two-page A4 letter as a PDF (Helvetica covers Danish letters). */
export async function letterPdf(options: {
	sender: string;
	title: string;
	date: Date;
	lang: 'da' | 'en';
	paragraphs: string[];
	table?: [string, string][];
}): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	pdf.setTitle(options.title);
	pdf.setAuthor(options.sender);
	pdf.setLanguage(options.lang === 'da' ? 'da-DK' : 'en-GB');
	const regular = await pdf.embedFont(StandardFonts.Helvetica);
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
	const [width, height] = [595, 842];
	const margin = 60;
	let page = pdf.addPage([width, height]);
	let y = height - margin;
	const ink = rgb(0.07, 0.21, 0.36);

	const newPageIfNeeded = (needed: number) => {
		if (y - needed < margin) {
			page = pdf.addPage([width, height]);
			y = height - margin;
		}
	};

	page.drawRectangle({ x: 0, y: height - 28, width, height: 28, color: ink });
	page.drawText(options.sender, { x: margin, y: y - 4, size: 13, font: bold, color: ink });
	const date = new Intl.DateTimeFormat(options.lang === 'da' ? 'da-DK' : 'en-GB', {
		dateStyle: 'long',
		timeZone: 'Europe/Copenhagen'
	}).format(options.date);
	page.drawText(date, {
		x: width - margin - regular.widthOfTextAtSize(date, 10),
		y: y - 4,
		size: 10,
		font: regular
	});
	y -= 50;
	for (const line of wrap(options.title, bold, 16, width - 2 * margin)) {
		page.drawText(line, { x: margin, y, size: 16, font: bold });
		y -= 22;
	}
	y -= 8;
	for (const paragraph of options.paragraphs) {
		for (const line of wrap(paragraph, regular, 11, width - 2 * margin)) {
			newPageIfNeeded(16);
			page.drawText(line, { x: margin, y, size: 11, font: regular });
			y -= 16;
		}
		y -= 8;
	}
	for (const [label, value] of options.table ?? []) {
		newPageIfNeeded(20);
		page.drawLine({
			start: { x: margin, y: y - 5 },
			end: { x: width - margin, y: y - 5 },
			thickness: 0.5,
			color: rgb(0.7, 0.7, 0.7)
		});
		page.drawText(label, { x: margin, y, size: 11, font: regular });
		page.drawText(value, { x: width - margin - bold.widthOfTextAtSize(value, 11), y, size: 11, font: bold });
		y -= 20;
	}
	return pdf.save();
}
