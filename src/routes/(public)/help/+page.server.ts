import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { helpSearchIndex } from '$lib/help/articles.server';
import type { PageServerLoad } from './$types';

// Prerendered per locale. The index doubles as the offline search data; the page's words come along in the
// page's language (one language as data, not seven as code), including "n articles found" for every n.
export const load: PageServerLoad = () => {
	const articles = helpSearchIndex(getLocale());
	return {
		articles,
		texts: {
			appName: m.app_name(),
			title: m.help_title(),
			intro: m.help_intro(),
			searchLabel: m.help_search_label(),
			articlesLabel: m.help_articles_label(),
			noResults: m.help_search_none(),
			resultCounts: Array.from({ length: articles.length + 1 }, (_, count) =>
				m.help_search_results({ count })
			)
		}
	};
};
