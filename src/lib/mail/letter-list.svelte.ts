/**
 * The letters as the lists see them: the in-memory index (./mail-index.ts), filled by one storage scan and
 * kept current from RxDB's change events, and before that the inbox snapshot of the last visit.
 *
 * Reads are reactive through `createSubscriber`: a view that reads rows, counts or search hits re-renders
 * when the index changes. Changes are coalesced into one redraw; while a large mailbox first syncs, at most
 * a few per second, so drawing the list does not compete with writing the letters.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { LetterData, MailDatabase } from '$lib/db';
import { MailIndex, toRow, type FolderCount, type LetterRow } from './mail-index';
import type { Snapshot } from './snapshot';

export class LetterList {
	readonly index = new MailIndex();
	/** True once the whole index is filled; until then only the snapshot's inbox is known. */
	ready = $state(false);
	snapshot = $state.raw<Snapshot | null>(null);

	#redraw: (() => void) | null = null;
	readonly #subscribe = createSubscriber((update) => {
		this.#redraw = update;
		return () => (this.#redraw = null);
	});
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		/** True while a large backlog syncs: redraws are then spaced out. */
		private readonly busy: () => boolean,
		/** Called after each redraw (the snapshot is rewritten from it). */
		private readonly onChange: () => void
	) {}

	/** Letters of a folder, newest first. Before the index is filled, the inbox comes from the snapshot. */
	rows(folder: string, offset: number, limit: number): readonly LetterRow[] {
		this.#subscribe();
		if (!this.ready) {
			return folder === 'inbox' && this.snapshot ? this.snapshot.inbox.slice(offset, offset + limit) : [];
		}
		return this.index.page(folder, offset, limit);
	}

	count(folder: string): FolderCount {
		this.#subscribe();
		if (!this.ready) return this.snapshot?.counts[folder] ?? { total: 0, unread: 0 };
		return this.index.count(folder);
	}

	/** True while a folder's list is not known yet (so "no letters" is not said too early). */
	loading(folder: string): boolean {
		return !this.ready && !(folder === 'inbox' && this.snapshot);
	}

	row(id: string): LetterRow | undefined {
		this.#subscribe();
		return this.index.get(id);
	}

	thread(threadId: string): LetterRow[] {
		this.#subscribe();
		return this.index.thread(threadId);
	}

	/** Every letter, newest first (the full-text search filters these). */
	all(): readonly LetterRow[] {
		this.#subscribe();
		return this.index.all();
	}

	/** The citizen's folder ids: letters filed in any other folder are listed in the inbox. */
	setFolders(ids: Iterable<string>): void {
		this.index.setFolders(ids);
		this.changed();
	}

	/** Fills the index with one scan and keeps it current from change events (buffered during the scan). */
	async watch(db: MailDatabase, readAll: (db: MailDatabase) => Promise<LetterData[]>): Promise<() => void> {
		let buffer: { id: string; data: LetterData | null }[] | null = [];
		const apply = (id: string, data: LetterData | null) => {
			if (data) this.index.upsert(toRow(data));
			else this.index.remove(id);
		};
		const sub = db.letters.$.subscribe((event) => {
			const data = event.operation === 'DELETE' || event.documentData._deleted ? null : event.documentData;
			if (buffer) buffer.push({ id: event.documentId, data });
			else {
				apply(event.documentId, data);
				this.changed();
			}
		});
		const docs = await readAll(db);
		this.index.replaceAll(docs.map(toRow));
		for (const { id, data } of buffer) apply(id, data);
		buffer = null;
		this.ready = true;
		this.changed();
		return () => sub.unsubscribe();
	}

	stop(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	private changed(): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(
			() => {
				this.#timer = undefined;
				this.#redraw?.();
				this.onChange();
			},
			this.busy() ? 300 : 0
		);
	}
}
