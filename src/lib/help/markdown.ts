import { Marked, type Token, type Tokens } from 'marked';
import { localizeHref, type Locale } from '$lib/paraglide/runtime';
import { iconSvg } from '$lib/components/icons';
import { helpIcons, isIconName } from './icons';
import { escapeHtml } from '$lib/html/escape';

/**
 * Help articles are our own Markdown files, committed to git and rendered once at build time — never text
 * a user or another system can change. So we trust them instead of running an HTML sanitizer, but only
 * within a narrow subset, and a file outside it fails the build instead of shipping:
 * - no raw HTML, no images, no level-1 headings (the page's <h1> is the article title);
 * - links only to our own pages (`/help/...`, localized to the article's language), to `https:` sites or to
 *   `tel:` numbers;
 * - `{{name}}` placeholders only from the known set (support phone and hours from configuration, and
 *   `{{icon:name}}` for a decorative inline icon);
 * - `{{#if name}}` … `{{else}}` … `{{/if}}`, each on a line of its own, only for known conditions (e.g.
 *   whether this build has a support phone), not nested.
 */
export interface Placeholder {
	/** Trusted HTML we generate ourselves (e.g. a tel: link). */
	html: string;
	/** The same as plain text, for search and readability checks. */
	text: string;
}

export interface RenderOptions {
	locale: Locale;
	/** For error messages: which file broke a rule. */
	file: string;
	placeholders: Record<string, Placeholder>;
	/** What `{{#if name}}` blocks may test, e.g. `{ phone: true }`. */
	conditions?: Record<string, boolean>;
}

export interface Rendered {
	html: string;
	text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Text content of our own generated HTML: tags dropped, block ends become line breaks. */
export function htmlToText(html: string): string {
	return html
		.replace(/<\/(p|h[1-6]|li|ol|ul|blockquote)>/g, '\n')
		.replace(/<br\s*\/?>/g, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&(#?\w+);/g, (all, name: string) => entities[name] ?? all)
		.replace(/[ \t]+/g, ' ')
		.replace(/ *\n */g, '\n')
		.replace(/\n{2,}/g, '\n')
		.trim();
}

type LinkKind = 'internal' | 'external' | 'phone';

function linkKind(href: string, file: string): LinkKind {
	if (/^\/(?!\/)/.test(href)) return 'internal';
	if (/^https:\/\/[^\s/]+/.test(href)) return 'external';
	if (/^tel:\+?[0-9]{4,15}$/.test(href)) return 'phone';
	throw new Error(`${file}: link "${href}" is not allowed; use /our/page, https://… or tel:+45…`);
}

function check(token: Token, file: string) {
	switch (token.type) {
		case 'html':
			throw new Error(`${file}: raw HTML is not allowed in help articles (${token.raw.trim()})`);
		case 'image':
			throw new Error(`${file}: images are not allowed; use {{icon:name}}`);
		case 'heading':
			if ((token as Tokens.Heading).depth < 2) {
				throw new Error(`${file}: start headings at "##"; the title is the page heading`);
			}
			break;
		case 'link':
			linkKind((token as Tokens.Link).href, file);
			break;
	}
}

/** Keeps the lines of `{{#if}}` blocks whose condition holds (or their `{{else}}` part) and drops the rest. */
export function applyConditions(markdown: string, conditions: Record<string, boolean>, file: string): string {
	const kept: string[] = [];
	let block: { name: string; keep: boolean; inElse: boolean } | null = null;
	for (const [index, line] of markdown.split('\n').entries()) {
		const where = `${file}:${index + 1}`;
		const tag = /^\s*\{\{\s*(#if\s+([a-z_]+)|else|\/if)\s*\}\}\s*$/.exec(line);
		if (!tag) {
			if (/\{\{\s*(#|\/|else\b)/.test(line))
				throw new Error(`${where}: put {{#if}}, {{else}} and {{/if}} on lines of their own`);
			if (!block || block.keep !== block.inElse) kept.push(line);
			continue;
		}
		if (tag[2] !== undefined) {
			if (block) throw new Error(`${where}: {{#if}} blocks cannot be nested`);
			const value = conditions[tag[2]];
			if (value === undefined) throw new Error(`${where}: unknown condition "${tag[2]}"`);
			block = { name: tag[2], keep: value, inElse: false };
		} else if (tag[1] === 'else') {
			if (!block || block.inElse) throw new Error(`${where}: {{else}} without {{#if}}`);
			block.inElse = true;
		} else {
			if (!block) throw new Error(`${where}: {{/if}} without {{#if}}`);
			block = null;
		}
	}
	if (block) throw new Error(`${file}: {{#if ${block.name}}} is not closed with {{/if}}`);
	return kept.join('\n');
}

export function renderMarkdown(source: string, options: RenderOptions): Rendered {
	const { locale, file, placeholders } = options;
	const markdown = applyConditions(source, options.conditions ?? {}, file);
	const marked = new Marked({ async: false, gfm: true });
	marked.use({
		walkTokens: (token) => check(token, file),
		renderer: {
			link({ href, tokens }) {
				const text = this.parser.parseInline(tokens);
				const kind = linkKind(href, file);
				const target = kind === 'internal' ? localizeHref(href, { locale }) : href;
				const rel = kind === 'external' ? ' rel="external noopener"' : '';
				return `<a href="${escapeHtml(target)}"${rel}>${text}</a>`;
			}
		}
	});
	const rendered = marked.parse(markdown) as string;

	const substitute = (mode: 'html' | 'text') => (all: string, name: string) => {
		if (name.startsWith('icon:')) {
			const icon = name.slice(5);
			if (!isIconName(icon)) throw new Error(`${file}: unknown icon "${icon}" in ${all}`);
			return mode === 'html' ? iconSvg(helpIcons[icon]) : '';
		}
		const value = placeholders[name];
		if (!value) throw new Error(`${file}: unknown placeholder ${all}`);
		return mode === 'html' ? value.html : escapeHtml(value.text);
	};
	const pattern = /\{\{\s*([a-z_]+(?::[a-z-]+)?)\s*\}\}/g;
	const html = rendered.replace(pattern, substitute('html'));
	const text = htmlToText(rendered.replace(pattern, substitute('text')));
	if (/\{\{|\}\}/.test(html)) throw new Error(`${file}: a {{placeholder}} is malformed`);
	return { html: html.trim(), text };
}
