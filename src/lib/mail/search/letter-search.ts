/**
 * The full-text index of a mailbox's letters (MiniSearch): ranked results, prefix and small-typo tolerance,
 * the same folding and stemming for the letters and for what is typed (./terms.ts). Pure: the browser keeps
 * it current (./mail-search.svelte.ts) and the benchmark measures it in Node.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { LetterText } from './letter-text';
import { foldedWords, stemTerm } from './terms';

/** Bumped whenever terms or fields change, so a saved index of another kind is built anew. */
export const SEARCH_INDEX_VERSION = 1;

/** An index as kept on the device. */
export interface SavedIndex {
	v: number;
	ids: string[];
	json: string;
}

export interface SearchHit {
	id: string;
	score: number;
	/** The letter's terms that matched (for marking the words in an excerpt). */
	terms: string[];
}

const searchOptions: SearchOptions = {
	combineWith: 'AND',
	boost: { title: 3, sender: 2, notification: 1.5 },
	// Typing "boligst" finds "boligstøtte"; one-letter terms would match half the mailbox.
	prefix: (term) => term.length >= 2,
	// One wrong letter in a word of five or more, two from nine: "ejendomskat" finds "ejendomsskat".
	fuzzy: (term) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : false),
	weights: { fuzzy: 0.5, prefix: 0.75 }
};

const options: Options<LetterText> = {
	idField: 'id',
	fields: ['title', 'sender', 'notification', 'body'],
	storeFields: [],
	tokenize: (text) => foldedWords(text),
	processTerm: (term) => stemTerm(term),
	searchOptions
};

export class LetterSearch {
	private constructor(
		private readonly mini: MiniSearch<LetterText>,
		private readonly ids: Set<string>
	) {}

	static empty(): LetterSearch {
		return new LetterSearch(new MiniSearch(options), new Set());
	}

	/** A saved index; null when it was made by another version. */
	static async load(saved: SavedIndex): Promise<LetterSearch | null> {
		if (saved.v !== SEARCH_INDEX_VERSION || !Array.isArray(saved.ids)) return null;
		return new LetterSearch(await MiniSearch.loadJSONAsync(saved.json, options), new Set(saved.ids));
	}

	get size(): number {
		return this.ids.size;
	}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	indexedIds(): IterableIterator<string> {
		return this.ids.values();
	}

	/** Adds a letter; a letter already in the index is left as it is (a letter's text never changes). */
	add(text: LetterText): void {
		if (this.ids.has(text.id)) return;
		this.mini.add(text);
		this.ids.add(text.id);
	}

	remove(id: string): void {
		if (!this.ids.delete(id)) return;
		this.mini.discard(id);
	}

	/** Best first. */
	search(query: string): SearchHit[] {
		if (!query.trim()) return [];
		return this.mini.search(query).map((result) => ({
			id: String(result.id),
			score: result.score,
			terms: result.terms
		}));
	}

	save(): SavedIndex {
		return { v: SEARCH_INDEX_VERSION, ids: [...this.ids], json: JSON.stringify(this.mini) };
	}
}
