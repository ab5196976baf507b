import createDOMPurify, { type WindowLike } from 'dompurify';
import { JSDOM } from 'jsdom';
import { letterSanitizer } from '../../letters/html-policy';
import { escapeHtml } from '../../html/escape';

let sanitize: ((html: string) => string) | undefined;

/**
 * A letter's HTML made safe to store and show, by the shared letter policy (`$lib/letters/html-policy`) over
 * one jsdom window per thread (creating a window is the expensive part). Deliveries call it through the
 * worker pool in `html-worker-pool.ts`, never on the request thread.
 */
export function sanitizeHtml(html: string): string {
	if (!sanitize) {
		const { window } = new JSDOM('');
		sanitize = letterSanitizer(createDOMPurify(window as unknown as WindowLike));
	}
	return sanitize(html);
}

/** A plain-text letter as HTML: escaped, blank lines make paragraphs, single newlines make line breaks. */
export function textToHtml(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n+/)
		.map((p) => p.trim())
		.filter((p) => p.length > 0)
		.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
		.join('\n');
}
