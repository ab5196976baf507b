import { baseLocale, locales, type Locale } from '$lib/paraglide/runtime';
import { formatSupportHours, supportHours, supportPhone } from '$lib/config/support';
import { parseFrontMatter, type HelpArticle, type HelpArticleSummary } from './article';
import { escapeHtml } from '$lib/html/escape';
import { renderMarkdown, type Placeholder } from './markdown';
import { buildSearchEntry, type SearchEntry } from './search';

// Bundled into the server build and read while prerendering: no file system access at run time.
const sources = import.meta.glob<string>('/content/help/*/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
});

interface LoadedArticle extends HelpArticle {
	keywords: string;
}

function placeholders(locale: Locale): Record<string, Placeholder> {
	const values: Record<string, Placeholder> = {};
	if (supportPhone) {
		const phone = escapeHtml(supportPhone.display);
		// dir="ltr" keeps "+45" in front in Arabic and Farsi text.
		values.support_phone = {
			html: `<a class="phone" href="${escapeHtml(supportPhone.href)}"><span dir="ltr">${phone}</span></a>`,
			text: supportPhone.display
		};
	}
	if (supportPhone && supportHours) {
		const text = formatSupportHours(supportHours, locale);
		values.support_hours = { html: escapeHtml(text), text };
	}
	return values;
}

/** `{{#if phone}}` blocks show only in a build with a support phone, `{{#if hours}}` only with hours. */
const conditions = { phone: supportPhone !== null, hours: supportPhone !== null && supportHours !== null };

function load(): Map<Locale, LoadedArticle[]> {
	const byLocale = new Map<Locale, LoadedArticle[]>(locales.map((l) => [l, []]));
	for (const [path, source] of Object.entries(sources)) {
		const match = /\/content\/help\/([^/]+)\/([a-z0-9-]+)\.md$/.exec(path);
		const locale = match?.[1] as Locale | undefined;
		if (!match || !locale || !byLocale.has(locale)) {
			throw new Error(`${path}: help articles live in content/help/<locale>/<slug>.md`);
		}
		const { data, body } = parseFrontMatter(source, path);
		const { html, text } = renderMarkdown(body, {
			locale,
			file: path,
			placeholders: placeholders(locale),
			conditions
		});
		byLocale.get(locale)!.push({
			slug: match[2]!,
			title: data.title,
			summary: data.summary,
			icon: data.icon,
			order: data.order,
			keywords: data.keywords ?? '',
			html,
			text
		});
	}
	for (const list of byLocale.values())
		list.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
	return byLocale;
}

let cache: Map<Locale, LoadedArticle[]> | undefined;
function articles(locale: Locale): LoadedArticle[] {
	cache ??= load();
	return cache.get(locale) ?? [];
}

const summarize = ({ slug, title, summary, icon, order }: HelpArticle): HelpArticleSummary => ({
	slug,
	title,
	summary,
	icon,
	order
});

/** Every slug of the base locale; the other locales must have the same set (a unit test checks it). */
export function helpSlugs(): string[] {
	return articles(baseLocale).map((a) => a.slug);
}

export function listHelpArticles(locale: Locale): HelpArticleSummary[] {
	return articles(locale).map(summarize);
}

export function getHelpArticle(locale: Locale, slug: string): HelpArticle | undefined {
	const found = articles(locale).find((a) => a.slug === slug);
	if (!found) return undefined;
	const { keywords: _keywords, ...article } = found;
	return article;
}

/** The small index the help page ships for offline search. */
export function helpSearchIndex(locale: Locale): SearchEntry[] {
	return articles(locale).map((a) => buildSearchEntry(summarize(a), a.text, a.keywords));
}
