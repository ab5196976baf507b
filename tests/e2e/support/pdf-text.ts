import { inflateSync } from 'node:zlib';
import {
	PDFArray,
	PDFDict,
	PDFDocument,
	PDFName,
	PDFRawStream,
	PDFRef,
	type PDFObject,
	type PDFPage
} from 'pdf-lib';

// Reads the text Chromium drew into a PDF: fonts are Type0/Identity-H with a ToUnicode map, text is
// drawn with hex glyph strings (Tj/TJ). Enough to check which words and scripts a printout contains.

function streamBytes(stream: PDFRawStream): Uint8Array {
	const filter = stream.dict.get(PDFName.of('Filter'));
	const raw = stream.getContents();
	return filter === PDFName.of('FlateDecode') ? inflateSync(raw) : raw;
}

function hexToCodes(hex: string, bytesPerCode: number): number[] {
	const clean = hex.replace(/\s+/g, '');
	const codes: number[] = [];
	for (let i = 0; i + bytesPerCode * 2 <= clean.length; i += bytesPerCode * 2) {
		codes.push(parseInt(clean.slice(i, i + bytesPerCode * 2), 16));
	}
	return codes;
}

function utf16HexToString(hex: string): string {
	const units = hexToCodes(hex, 2);
	return String.fromCharCode(...units);
}

/** Parses a ToUnicode CMap (bfchar and bfrange sections). */
function parseCMap(text: string): { map: Map<number, string>; bytes: number } {
	const map = new Map<number, string>();
	let bytes = 2;
	const space = /<([0-9a-fA-F]+)>\s*<[0-9a-fA-F]+>\s*endcodespacerange/.exec(text);
	if (space) bytes = space[1]!.length / 2;
	for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
		for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
			map.set(parseInt(m[1]!, 16), utf16HexToString(m[2]!));
		}
	}
	for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
		for (const m of block[1]!.matchAll(
			/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g
		)) {
			const lo = parseInt(m[1]!, 16);
			const hi = parseInt(m[2]!, 16);
			const target = m[3]!;
			if (target.startsWith('[')) {
				const items = [...target.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => utf16HexToString(x[1]!));
				items.forEach((s, i) => map.set(lo + i, s));
			} else {
				const start = utf16HexToString(target.slice(1, -1));
				const base = start.charCodeAt(start.length - 1);
				for (let code = lo; code <= hi; code++) {
					map.set(code, start.slice(0, -1) + String.fromCharCode(base + (code - lo)));
				}
			}
		}
	}
	return { map, bytes };
}

function lookup(doc: PDFDocument, obj: PDFObject | undefined): PDFObject | undefined {
	return obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
}

type FontMap = { map: Map<number, string>; bytes: number };

function fontsIn(doc: PDFDocument, resources: PDFDict | undefined): Map<string, FontMap> {
	const fonts = new Map<string, FontMap>();
	const fontDict = lookup(doc, resources?.get(PDFName.of('Font')));
	if (!(fontDict instanceof PDFDict)) return fonts;
	for (const [name, ref] of fontDict.entries()) {
		const font = lookup(doc, ref);
		if (!(font instanceof PDFDict)) continue;
		const toUnicode = lookup(doc, font.get(PDFName.of('ToUnicode')));
		if (toUnicode instanceof PDFRawStream) {
			fonts.set(
				name.asString().replace(/^\//, ''),
				parseCMap(new TextDecoder('latin1').decode(streamBytes(toUnicode)))
			);
		}
	}
	return fonts;
}

function xObjectsIn(doc: PDFDocument, resources: PDFDict | undefined): Map<string, PDFRawStream> {
	const result = new Map<string, PDFRawStream>();
	const dict = lookup(doc, resources?.get(PDFName.of('XObject')));
	if (!(dict instanceof PDFDict)) return result;
	for (const [name, ref] of dict.entries()) {
		const stream = lookup(doc, ref);
		if (stream instanceof PDFRawStream && stream.dict.get(PDFName.of('Subtype')) === PDFName.of('Form')) {
			result.set(name.asString().replace(/^\//, ''), stream);
		}
	}
	return result;
}

const tokenPattern =
	/\/([^\s/<>[\]()]+)\s+[\d.]+\s+Tf|\/ActualText\s*<([0-9a-fA-F\s]*)>[^]*?BDC|\/([^\s/<>[\]()]+)\s+(?:<<[^]*?>>|\/[^\s]+)\s*BDC|\/([^\s/<>[\]()]+)\s+BMC|\b(EMC)\b|(\[[^\]]*\]\s*TJ|<[0-9a-fA-F\s]*>\s*Tj)|\b(ET)\b|\/([^\s/<>[\]()]+)\s+Do\b/g;

/** Walks one content stream, following form XObjects, and appends the text it draws. */
function walk(
	doc: PDFDocument,
	content: string,
	resources: PDFDict | undefined,
	out: string[],
	depth = 0
): void {
	if (depth > 8) return;
	const fonts = fontsIn(doc, resources);
	const forms = xObjectsIn(doc, resources);
	let font: FontMap | undefined;
	// Marked-content stack: ActualText replaces the glyphs inside; ReversedChars holds right-to-left text
	// stored in visual order.
	const stack: { actual?: string; reversed?: string[] }[] = [];
	const sink = () => {
		for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.reversed) return stack[i]!.reversed!;
		return out;
	};
	const insideActualText = () => stack.some((entry) => entry.actual !== undefined);
	for (const t of content.matchAll(tokenPattern)) {
		if (t[1]) font = fonts.get(t[1]);
		else if (t[2] !== undefined) stack.push({ actual: utf16HexToString(t[2].replace(/^feff/i, '')) });
		else if (t[3]) stack.push({});
		else if (t[4]) stack.push(t[4] === 'ReversedChars' ? { reversed: [] } : {});
		else if (t[5]) {
			const entry = stack.pop();
			if (entry?.actual !== undefined && !insideActualText()) sink().push(entry.actual);
			if (entry?.reversed) sink().push(entry.reversed.reverse().join(''));
		} else if (t[6]) {
			if (!font || insideActualText()) continue;
			for (const hex of t[6].matchAll(/<([0-9a-fA-F\s]*)>/g)) {
				for (const code of hexToCodes(hex[1]!, font.bytes)) sink().push(font.map.get(code) ?? '');
			}
		} else if (t[7]) out.push(' ');
		else if (t[8]) {
			const form = forms.get(t[8]);
			if (!form) continue;
			const own = lookup(doc, form.dict.get(PDFName.of('Resources')));
			walk(
				doc,
				new TextDecoder('latin1').decode(streamBytes(form)),
				own instanceof PDFDict ? own : resources,
				out,
				depth + 1
			);
		}
	}
}

function contentOf(doc: PDFDocument, page: PDFPage): string {
	const contents = lookup(doc, page.node.get(PDFName.of('Contents')));
	const streams = contents instanceof PDFArray ? contents.asArray().map((r) => lookup(doc, r)) : [contents];
	return streams
		.filter((s): s is PDFRawStream => s instanceof PDFRawStream)
		.map((s) => new TextDecoder('latin1').decode(streamBytes(s)))
		.join('\n');
}

/** All text drawn in the PDF, in reading order per run; runs are separated by spaces. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
	const doc = await PDFDocument.load(bytes);
	const out: string[] = [];
	for (const page of doc.getPages()) {
		walk(doc, contentOf(doc, page), page.node.Resources(), out);
		out.push('\n');
	}
	return out.join('');
}
