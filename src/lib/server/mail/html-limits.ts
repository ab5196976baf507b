/**
 * Limits a real letter never reaches, checked before an HTML document is parsed: a hostile document (thousands
 * of nested elements, megabytes of markup) is refused at once instead of tying up a sanitizer for minutes.
 * The check is one linear pass over the text that stops at the first limit it passes.
 */

export const HTML_LIMITS = {
	/** Bytes of one HTML document (UTF-8), inline images included. */
	maxBytes: 5 * 1024 * 1024,
	/** Elements open inside each other (Chromium's own parser stops nesting at 512). */
	maxDepth: 256,
	/** Elements in one document: a long letter with tables has a few thousand. */
	maxElements: 20_000
} as const;

export type HtmlLimits = { maxBytes: number; maxDepth: number; maxElements: number };

export type HtmlLimitVerdict =
	| { ok: true; depth: number; elements: number }
	| { ok: false; limit: 'size' | 'depth' | 'elements'; message: string };

/** Elements that never have content, so they never nest. */
const voidElements = new Set([
	'area',
	'base',
	'basefont',
	'bgsound',
	'br',
	'col',
	'embed',
	'frame',
	'hr',
	'image',
	'img',
	'input',
	'keygen',
	'link',
	'meta',
	'param',
	'source',
	'track',
	'wbr'
]);

/** Elements whose text is not markup: skipped to their end tag. */
const rawText = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

/** An open one of these ends when the next one starts (`<li>a<li>b`, `<p>a<p>b`, table cells and rows). */
const closesSibling = new Set(['li', 'dt', 'dd', 'p', 'tr', 'td', 'th', 'option', 'thead', 'tbody', 'tfoot']);

function isLetter(code: number): boolean {
	return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Whitespace, `/` or `>` end a tag name. */
function endsName(code: number): boolean {
	return code === 32 || (code >= 9 && code <= 13) || code === 47 || code === 62;
}

/**
 * Measures how deep and how many elements a document has, the way an HTML parser would nest them (end tags
 * close up to their match; `p`, `li`, cells and rows close an open sibling; void elements never open).
 * Hand-written rather than a regular expression so that no input makes it slower than one pass.
 */
export function checkHtmlLimits(html: string, limits: HtmlLimits = HTML_LIMITS): HtmlLimitVerdict {
	const bytes = Buffer.byteLength(html, 'utf8');
	if (bytes > limits.maxBytes) {
		return {
			ok: false,
			limit: 'size',
			message: `the HTML document is ${bytes} bytes; at most ${limits.maxBytes} are accepted`
		};
	}
	const open: string[] = [];
	let depth = 0;
	let elements = 0;
	for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i)) {
		if (html.startsWith('<!--', i)) {
			const end = html.indexOf('-->', i + 4);
			if (end < 0) break;
			i = end + 3;
			continue;
		}
		let start = i + 1;
		const closing = html.charCodeAt(start) === 47;
		if (closing) start++;
		if (!isLetter(html.charCodeAt(start))) {
			i = start;
			continue;
		}
		let end = start;
		while (end < html.length && !endsName(html.charCodeAt(end))) end++;
		const name = html.slice(start, end).toLowerCase();
		const close = html.indexOf('>', end);
		if (close < 0) break; // an unfinished tag at the end is text to a parser
		i = close + 1;
		if (closing) {
			const at = open.lastIndexOf(name);
			if (at >= 0) open.length = at;
			continue;
		}
		elements++;
		if (elements > limits.maxElements) {
			return {
				ok: false,
				limit: 'elements',
				message: `the HTML document has more than ${limits.maxElements} elements`
			};
		}
		if (voidElements.has(name) || html.charCodeAt(close - 1) === 47) continue;
		if (rawText.has(name)) {
			const endTag = new RegExp(`</${name}[\\s/>]`, 'gi');
			endTag.lastIndex = i;
			const found = endTag.exec(html);
			if (!found) break;
			i = found.index;
			continue;
		}
		if (closesSibling.has(name) && open[open.length - 1] === name) open.pop();
		open.push(name);
		if (open.length > depth) depth = open.length;
		if (depth > limits.maxDepth) {
			return {
				ok: false,
				limit: 'depth',
				message: `the HTML document nests elements more than ${limits.maxDepth} deep`
			};
		}
	}
	return { ok: true, depth, elements };
}
