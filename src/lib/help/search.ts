import { foldText } from '$lib/i18n/fold';
import type { HelpArticleSummary } from './article';

/** One article in the prebuilt search index (made at build time, searched in the browser, offline). */
export interface SearchEntry extends HelpArticleSummary {
	/** Normalized words of the title, summary, keywords and text, each once. */
	terms: string;
}

export function buildSearchEntry(summary: HelpArticleSummary, text: string, keywords = ''): SearchEntry {
	const words = foldText([summary.title, summary.summary, keywords, text].join(' ')).split(' ');
	return { ...summary, terms: [...new Set(words)].join(' ') };
}

/**
 * Articles containing every word of the query (as part of a word, so "kode" finds "kodekort" and an Arabic
 * word finds its form with a prefix such as "ال"). Title hits rank first, then summary hits, then order.
 */
export function searchHelp(entries: SearchEntry[], query: string): SearchEntry[] {
	const words = foldText(query).split(' ').filter(Boolean);
	if (words.length === 0) return [...entries].sort((a, b) => a.order - b.order);
	const scored: { entry: SearchEntry; score: number }[] = [];
	for (const entry of entries) {
		const title = foldText(entry.title);
		const summary = foldText(entry.summary);
		let score = 0;
		for (const word of words) {
			if (title.includes(word)) score += 3;
			else if (summary.includes(word)) score += 2;
			else if (entry.terms.includes(word)) score += 1;
			else {
				score = -1;
				break;
			}
		}
		if (score > 0) scored.push({ entry, score });
	}
	return scored.sort((a, b) => b.score - a.score || a.entry.order - b.entry.order).map((s) => s.entry);
}
