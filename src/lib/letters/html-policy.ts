/**
 * What of a letter's HTML we show: the one policy the server applies on delivery (DOMPurify over jsdom, in a
 * worker) and the browser applies again right before showing a letter (DOMPurify over the page's DOM).
 *
 * An allow-list, not a block-list: ordinary letter markup (text, headings, lists, tables, links, inline
 * images) and nothing that runs, submits, frames or loads anything. No attribute that names a URL survives
 * except a link's `href` (opened only when clicked, in a new tab) and an image's `src` holding the image
 * itself (a data: URL of a listed type). So opening a letter never tells anyone that it was read.
 * Pure: it configures a DOMPurify instance the caller creates; it builds no DOM itself.
 */
import type { Config, DOMPurify } from 'dompurify';

export const LETTER_TAGS = [
	'a',
	'abbr',
	'address',
	'article',
	'b',
	'bdi',
	'bdo',
	'big',
	'blockquote',
	'br',
	'caption',
	'center',
	'cite',
	'code',
	'col',
	'colgroup',
	'dd',
	'del',
	'dfn',
	'div',
	'dl',
	'dt',
	'em',
	'figcaption',
	'figure',
	'font',
	'footer',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'header',
	'hr',
	'i',
	'img',
	'ins',
	'kbd',
	'li',
	'mark',
	'ol',
	'p',
	'pre',
	'q',
	's',
	'samp',
	'section',
	'small',
	'span',
	'strike',
	'strong',
	'sub',
	'sup',
	'table',
	'tbody',
	'td',
	'tfoot',
	'th',
	'thead',
	'time',
	'tr',
	'tt',
	'u',
	'ul',
	'var',
	'wbr'
] as const;

/** Attributes kept on any allowed tag. None names a URL except href and src, checked by `keepUrl`. */
export const LETTER_ATTRIBUTES = [
	'abbr',
	'align',
	'alt',
	'bgcolor',
	'border',
	'cellpadding',
	'cellspacing',
	'color',
	'colspan',
	'datetime',
	'dir',
	'face',
	'height',
	'href',
	'lang',
	'nowrap',
	'reversed',
	'rowspan',
	'scope',
	'size',
	'span',
	'src',
	'start',
	'summary',
	'title',
	'type',
	'valign',
	'width'
] as const;

/** Inline image types a letter may carry (the server's file types plus GIF and WebP). */
export const LETTER_IMAGE_TYPES = ['png', 'jpeg', 'gif', 'webp'] as const;

const inlineImage = new RegExp(
	`^data:image/(?:${LETTER_IMAGE_TYPES.join('|')});base64,[a-z0-9+/=\\s]*$`,
	'i'
);
const linkTarget = /^(?:https?:\/\/|mailto:|tel:)/i;

/**
 * Whether a URL-bearing attribute may stay: a link to a web page, an e-mail address or a phone number, or an
 * image that is inside the letter. Relative URLs (they would point into this app) and every other scheme go.
 */
export function keepUrl(tag: string, attribute: string, value: string): boolean {
	const url = value.trim();
	if (attribute === 'href') return tag === 'a' && linkTarget.test(url);
	if (attribute === 'src') return tag === 'img' && inlineImage.test(url);
	return false;
}

/** A letter's links leave the app: a new tab, without a handle on our page and without a Referer. */
export const LETTER_LINK_ATTRIBUTES = { target: '_blank', rel: 'noopener noreferrer' } as const;

export const letterPurifyConfig = {
	ALLOWED_TAGS: [...LETTER_TAGS],
	ALLOWED_ATTR: [...LETTER_ATTRIBUTES],
	ALLOW_DATA_ATTR: false,
	ALLOW_UNKNOWN_PROTOCOLS: false,
	// A dropped element keeps its text (a video's fallback line, a form's labels), except DOMPurify's list of
	// elements whose content is code or styling (script, style, svg, …).
	KEEP_CONTENT: true,
	WHOLE_DOCUMENT: false,
	RETURN_DOM: false,
	RETURN_DOM_FRAGMENT: false
} satisfies Config;

/** Installs the policy's checks on a DOMPurify instance and returns the letter sanitizer over it. */
export function letterSanitizer(purify: DOMPurify): (html: string) => string {
	purify.addHook('uponSanitizeAttribute', (node, data) => {
		const name = data.attrName.toLowerCase();
		if ((name === 'href' || name === 'src') && !keepUrl(node.nodeName.toLowerCase(), name, data.attrValue)) {
			data.keepAttr = false;
		}
	});
	purify.addHook('afterSanitizeAttributes', (node) => {
		const tag = node.nodeName.toLowerCase();
		// An image without its own picture would be a broken box (or a tracking pixel): it goes.
		if (tag === 'img' && !node.hasAttribute('src')) {
			node.remove();
			return;
		}
		if (tag === 'a' && node.hasAttribute('href')) {
			for (const [name, value] of Object.entries(LETTER_LINK_ATTRIBUTES)) node.setAttribute(name, value);
		}
	});
	return (html) => purify.sanitize(html, letterPurifyConfig);
}
