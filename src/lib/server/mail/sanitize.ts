import createDOMPurify, { type DOMPurify, type WindowLike } from 'dompurify';
import { JSDOM } from 'jsdom';

let purify: DOMPurify | undefined;

/** One DOMPurify over one jsdom window for the process (creating a window is the expensive part). */
function instance(): DOMPurify {
	if (purify) return purify;
	const { window } = new JSDOM('');
	const p = createDOMPurify(window as unknown as WindowLike);
	p.addHook('uponSanitizeAttribute', (node, data) => {
		// Remote images would tell the sender when a letter is read, and need a network: keep only inline ones.
		if (
			node.nodeName === 'IMG' &&
			data.attrName === 'src' &&
			!/^data:image\/(png|jpeg|gif|webp);/i.test(data.attrValue)
		) {
			data.keepAttr = false;
		}
	});
	p.addHook('afterSanitizeAttributes', (node) => {
		if (node.nodeName === 'A' && node.getAttribute('href')) {
			node.setAttribute('target', '_blank');
			node.setAttribute('rel', 'noopener noreferrer');
		}
	});
	purify = p;
	return p;
}

/**
 * A letter's HTML made safe to show inside our pages: no scripts, event handlers, javascript: URLs,
 * forms, frames, styles or remote images. The client sanitizes again before showing it.
 */
export function sanitizeHtml(html: string): string {
	return instance().sanitize(html, {
		FORBID_TAGS: [
			'style',
			'form',
			'input',
			'button',
			'textarea',
			'select',
			'option',
			'iframe',
			'frame',
			'frameset',
			'object',
			'embed',
			'link',
			'meta',
			'base',
			'svg',
			'math',
			'template'
		],
		FORBID_ATTR: ['style', 'srcset', 'formaction', 'action'],
		ALLOW_DATA_ATTR: false
	});
}

const escapes: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => escapes[c]!);
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
