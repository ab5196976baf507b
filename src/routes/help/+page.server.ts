import { getLocale } from '$lib/paraglide/runtime';
import { helpSearchIndex } from '$lib/help/articles.server';
import type { PageServerLoad } from './$types';

// Prerendered per locale; the index doubles as the offline search data.
export const load: PageServerLoad = () => ({ articles: helpSearchIndex(getLocale()) });
