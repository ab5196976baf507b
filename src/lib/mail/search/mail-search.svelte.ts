/**
 * The mailbox's full-text search as the pages see it: the index (./letter-search.ts) loaded from the device
 * or built from what RxDB holds, kept current from the letters' change events, and saved again on the device
 * (persistent sign-ins only; a shared computer keeps it in memory). Indexing runs in short slices, so the
 * first sync of a large mailbox stays responsive.
 */
import type { LetterData, MailDatabase } from '$lib/db';
import type { LetterList } from '../letter-list.svelte';
import type { LetterRow } from '../mail-index';
import { letterExcerpt, type Segment } from './excerpt';
import { anyFilter, rowFilter, type SearchFilters } from './filters';
import { LetterSearch } from './letter-search';
import { letterText } from './letter-text';
import { loadSavedIndex, saveIndex } from './saved-index';

export interface MailSearchHit {
	row: LetterRow;
	terms: string[];
}

/** Time one slice of indexing may take before the page gets a turn, ms. */
const SLICE_MS = 12;
const SAVE_AFTER_MS = 3000;
const FETCH_CHUNK = 500;

export class MailSearch {
	/** True once every letter on the device is in the index. */
	ready = $state(false);
	/** Letters still waiting to be indexed. */
	waiting = $state(0);
	#revision = $state(0);

	#index: LetterSearch | null = null;
	/** Letters to add (data) or remove (null), in arrival order. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- work to do, not state: `waiting` is its state
	#queue = new Map<string, LetterData | null>();
	#timer: ReturnType<typeof setTimeout> | undefined;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;
	#saving: Promise<void> | null = null;
	#dirty = false;
	#stopped = false;
	#db: MailDatabase | null = null;

	constructor(
		private readonly letters: LetterList,
		/** The citizen whose index is kept on the device; null on a shared computer. */
		private readonly keepFor: string | null
	) {}

	/** Loads or builds the index and follows the letters; call once the letter list is filled. */
	async start(db: MailDatabase, readAll: (db: MailDatabase) => Promise<LetterData[]>): Promise<() => void> {
		this.#db = db;
		const sub = db.letters.$.subscribe((event) => {
			const gone = event.operation === 'DELETE' || event.documentData._deleted;
			if (gone) this.enqueue(event.documentId, null);
			else if (!this.#index?.has(event.documentId)) this.enqueue(event.documentId, event.documentData);
		});
		const saved = this.keepFor ? await loadSavedIndex(this.keepFor) : null;
		const loaded = saved ? await LetterSearch.load(saved).catch(() => null) : null;
		if (this.#stopped) return () => sub.unsubscribe();
		if (loaded) {
			// What changed while the page was closed: letters gone, and letters not yet indexed.
			this.#index = loaded;
			const missing: string[] = [];
			for (const id of loaded.indexedIds()) if (!this.letters.index.get(id)) this.enqueue(id, null);
			for (const row of this.letters.index.all()) if (!loaded.has(row.id)) missing.push(row.id);
			for (let i = 0; i < missing.length; i += FETCH_CHUNK) {
				const docs = await db.letters.findByIds(missing.slice(i, i + FETCH_CHUNK)).exec();
				for (const [id, doc] of docs) if (!this.#queue.has(id)) this.enqueue(id, doc.toJSON() as LetterData);
			}
		} else {
			const index = LetterSearch.empty();
			for (const doc of await readAll(db)) if (!this.#queue.has(doc.id)) this.enqueue(doc.id, doc);
			this.#index = index;
			this.#dirty = true;
		}
		this.schedule();
		return () => sub.unsubscribe();
	}

	/** Stops indexing; a save under way finishes first (so nothing is written after the data is removed). */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#timer);
		clearTimeout(this.#saveTimer);
		await this.#saving;
	}

	/**
	 * Letters that match the query and pass the filters: best match first (then newest); with filters but no
	 * query, every letter that passes them, newest first.
	 */
	search(query: string, filters: SearchFilters): MailSearchHit[] {
		void this.#revision;
		const rows = this.letters.all();
		const passes = rowFilter(filters, (row) => this.letters.index.placeOf(row));
		const hits: MailSearchHit[] = [];
		if (!query.trim()) {
			if (!anyFilter(filters)) return [];
			for (const row of rows) if (passes(row)) hits.push({ row, terms: [] });
			return hits;
		}
		for (const hit of this.#index?.search(query) ?? []) {
			const row = this.letters.index.get(hit.id);
			if (row && passes(row)) hits.push({ row, terms: hit.terms });
		}
		return hits;
	}

	/** A short excerpt of each letter around its matching words (read from the database), by letter id. */
	async excerpts(hits: MailSearchHit[]): Promise<[string, Segment[]][]> {
		const db = this.#db;
		const wanted = hits.filter((hit) => hit.terms.length > 0);
		if (!db || wanted.length === 0) return [];
		const docs = await db.letters.findByIds(wanted.map((hit) => hit.row.id)).exec();
		const out: [string, Segment[]][] = [];
		for (const hit of wanted) {
			const doc = docs.get(hit.row.id);
			const found = doc && letterExcerpt(letterText(doc.toJSON() as LetterData), hit.terms);
			if (found) out.push([hit.row.id, found]);
		}
		return out;
	}

	private enqueue(id: string, data: LetterData | null): void {
		this.#queue.delete(id);
		this.#queue.set(id, data);
		this.waiting = this.#queue.size;
		if (this.#index) this.schedule();
	}

	private schedule(): void {
		if (this.#timer !== undefined || this.#stopped) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.work();
		}, 0);
	}

	private work(): void {
		const index = this.#index;
		if (!index || this.#stopped) return;
		const until = performance.now() + SLICE_MS;
		for (const [id, data] of this.#queue) {
			this.#queue.delete(id);
			if (data) index.add(letterText(data));
			else index.remove(id);
			this.#dirty = true;
			if (performance.now() >= until) break;
		}
		this.waiting = this.#queue.size;
		this.#revision += 1;
		if (this.#queue.size > 0) {
			this.schedule();
			return;
		}
		this.ready = true;
		this.scheduleSave();
	}

	private scheduleSave(): void {
		if (!this.keepFor || !this.#dirty || this.#stopped) return;
		clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(() => {
			const citizenId = this.keepFor;
			if (!citizenId || this.#stopped || !this.#index || this.#queue.size > 0 || this.#saving) return;
			this.#dirty = false;
			this.#saving = saveIndex(citizenId, this.#index.save()).finally(() => (this.#saving = null));
		}, SAVE_AFTER_MS);
	}
}
