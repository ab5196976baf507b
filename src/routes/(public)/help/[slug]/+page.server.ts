import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getHelpArticle, helpSlugs, listHelpArticles } from '$lib/help/articles.server';
import type { EntryGenerator, PageServerLoad } from './$types';

// Every article is prerendered; the other locales' copies are found through each locale's help index.
export const entries: EntryGenerator = () => helpSlugs().map((slug) => ({ slug }));

export const load: PageServerLoad = ({ params }) => {
	const locale = getLocale();
	const found = getHelpArticle(locale, params.slug);
	if (!found) error(404, 'No such help article');
	// The plain text is for search and readability checks; the page only needs the HTML.
	const { text: _text, ...article } = found;
	return { article, more: listHelpArticles(locale).filter((a) => a.slug !== article.slug) };
};
