/**
 * A letter's HTML is sanitized by the server on the way in and again here, in the browser, right before it is
 * shown, by the same policy (`$lib/letters/html-policy`): whatever reached the device (an old server, a
 * tampered store) never runs as script and never loads anything from elsewhere.
 */
import createDOMPurify from 'dompurify';
import { letterSanitizer } from '$lib/letters/html-policy';

let sanitize: ((html: string) => string) | undefined;

export function sanitizeLetterHtml(html: string): string {
	// Its own instance, so the policy's hooks never touch other uses of DOMPurify on the page.
	sanitize ??= letterSanitizer(createDOMPurify(window));
	return sanitize(html);
}
