/**
 * A letter's HTML is sanitized by the server on the way in and again here, in the browser, right before it is
 * shown: whatever reached the device (an old server, a tampered store) never runs as script.
 */
import DOMPurify from 'dompurify';

let hooked = false;

export function sanitizeLetterHtml(html: string): string {
	if (!hooked) {
		DOMPurify.addHook('afterSanitizeAttributes', (node) => {
			// Links in a letter leave the app: a new tab, without giving that page a handle on ours.
			if (node instanceof HTMLAnchorElement && node.hasAttribute('href')) {
				node.setAttribute('target', '_blank');
				node.setAttribute('rel', 'noopener noreferrer');
			}
			// Only images inside the letter itself: a remote image tells its host that the letter was opened,
			// and would not load offline anyway (the server drops them too).
			if (node instanceof HTMLImageElement && !/^data:image\//i.test(node.getAttribute('src') ?? '')) {
				node.remove();
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
