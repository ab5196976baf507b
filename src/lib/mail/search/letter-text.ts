/**
 * The searchable text of a letter: its title, sender and notification, the text of its HTML and plain-text
 * documents, and the text of its PDFs (taken out by the server at delivery, `fileText`). Pure, so the
 * benchmark and the tests use it outside the browser.
 */
import type { LetterData } from '$lib/db';

export interface LetterText {
	id: string;
	title: string;
	sender: string;
	notification: string;
	/** The documents' titles and text, PDFs' text included. */
	body: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of sanitized HTML (the server's sanitizer leaves no script or style to skip). */
export function htmlToText(html: string): string {
	return html
		.replace(/<(?:br|\/p|\/div|\/li|\/h\d|\/tr|\/td|\/th)\b[^>]*>/gi, ' ')
		.replace(/<[^>]*>/g, '')
		.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
			if (name[0] !== '#') return entities[name.toLowerCase()] ?? all;
			const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
			return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
		})
		.replace(/\s+/g, ' ')
		.trim();
}

export function letterText(
	doc: Pick<LetterData, 'id' | 'title' | 'senderName' | 'notification' | 'documents'>
): LetterText {
	const parts: string[] = [];
	for (const document of doc.documents) {
		if (document.kind === 'technical') continue;
		parts.push(document.title);
		if (document.bodyHtml) parts.push(htmlToText(document.bodyHtml));
		if (document.fileText) parts.push(document.fileText);
	}
	return {
		id: doc.id,
		title: doc.title,
		sender: doc.senderName,
		notification: doc.notification,
		body: parts.join('\n')
	};
}
