/**
 * A letter's HTML is sanitized by the server on the way in and again here, in the browser, right before it is
 * shown: whatever reached the device (an old server, a tampered store) never runs as script.
 */
import DOMPurify from 'dompurify';

let hooked = false;

export function sanitizeLetterHtml(html: string): string {
	if (!hooked) {
		// Links in a letter leave the app: open them in a new tab without giving that page a handle on ours.
		DOMPurify.addHook('afterSanitizeAttributes', (node) => {
			if (node instanceof HTMLAnchorElement && node.hasAttribute('href')) {
				node.setAttribute('target', '_blank');
				node.setAttribute('rel', 'noopener noreferrer');
			}
		});
		hooked = true;
	}
	return DOMPurify.sanitize(html, {
		USE_PROFILES: { html: true },
		FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
		FORBID_ATTR: ['style']
	});
}
