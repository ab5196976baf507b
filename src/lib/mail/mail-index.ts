/**
 * The mailbox's list index, held in memory: one small row per letter, enough to draw every list, count unread
 * letters per folder and find a reply thread without asking IndexedDB.
 *
 * Why: the free Dexie storage reads a whole index range before it applies a limit, so a cold sorted RxDB query
 * or count costs ~0.5 s per 10k letters (measured; see the README's sync figures). The index is filled by one
 * scan and then kept up to date from the collection's change events; the first screen comes from a snapshot.
 */
import { attachmentsOf } from './documents';
import type { LetterDoc } from '$lib/schemas/letter';
import { earliestDeadline } from './deadline';
import { placeOf, systemFolders } from './folders';

/** One letter as the lists draw it (the server's stored letter is a `LetterRecord`). */
export interface LetterRow {
	id: string;
	senderId: string;
	senderName: string;
	title: string;
	notification: string;
	receivedAt: number;
	read: boolean;
	folder: string;
	trashedAt: number | null;
	legalNotification: boolean;
	replyAllowed: boolean;
	replyBy: string | null;
	threadId: string;
	inReplyTo: string | null;
	fileCount: number;
	/** The earliest deadline in the letter (reply by, or an action's "by" date), ISO; null when none. */
	deadline: string | null;
}

export interface FolderCount {
	total: number;
	unread: number;
}

export function toRow(doc: LetterDoc | Omit<LetterDoc, '_deleted'>): LetterRow {
	let fileCount = 0;
	for (const document of doc.documents) fileCount += attachmentsOf(document).length;
	const deadline = earliestDeadline(doc);
	return {
		id: doc.id,
		senderId: doc.senderId,
		senderName: doc.senderName,
		title: doc.title,
		notification: doc.notification,
		receivedAt: doc.receivedAt,
		read: doc.read,
		folder: doc.folder,
		trashedAt: doc.trashedAt,
		legalNotification: doc.legalNotification,
		replyAllowed: doc.replyAllowed,
		replyBy: doc.replyBy,
		threadId: doc.threadId,
		inReplyTo: doc.inReplyTo,
		fileCount,
		deadline
	};
}

/** Newest first; the id keeps the order stable for letters received in the same millisecond. */
export function newestFirst(a: LetterRow, b: LetterRow): number {
	return b.receivedAt - a.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class MailIndex {
	private rows = new Map<string, LetterRow>();
	private sorted = new Map<string, LetterRow[]>();
	private countsCache: Map<string, FolderCount> | null = null;
	private allCache: LetterRow[] | null = null;
	private knownFolders = new Set<string>();

	get size(): number {
		return this.rows.size;
	}

	/** The citizen's folder ids; letters in a folder that no longer exists are shown in the inbox. */
	setFolders(ids: Iterable<string>): void {
		this.knownFolders = new Set(ids);
		this.invalidate();
	}

	/** The folder a letter is listed in. */
	placeOf(row: LetterRow): string {
		return placeOf(row.folder, (id) => this.knownFolders.has(id));
	}

	replaceAll(rows: Iterable<LetterRow>): void {
		this.rows = new Map();
		for (const row of rows) this.rows.set(row.id, row);
		this.invalidate();
	}

	upsert(row: LetterRow): void {
		this.rows.set(row.id, row);
		this.invalidate();
	}

	remove(id: string): void {
		if (this.rows.delete(id)) this.invalidate();
	}

	get(id: string): LetterRow | undefined {
		return this.rows.get(id);
	}

	/** The letters of one folder, newest first. */
	list(folder: string): readonly LetterRow[] {
		let list = this.sorted.get(folder);
		if (!list) {
			list = [];
			for (const row of this.rows.values()) if (this.placeOf(row) === folder) list.push(row);
			list.sort(newestFirst);
			this.sorted.set(folder, list);
		}
		return list;
	}

	/** Every letter, in whatever folder, newest first. */
	all(): readonly LetterRow[] {
		this.allCache ??= [...this.rows.values()].sort(newestFirst);
		return this.allCache;
	}

	page(folder: string, offset: number, limit: number): readonly LetterRow[] {
		return this.list(folder).slice(offset, offset + limit);
	}

	counts(): ReadonlyMap<string, FolderCount> {
		if (!this.countsCache) {
			const counts = new Map<string, FolderCount>();
			for (const folder of [...systemFolders, ...this.knownFolders])
				counts.set(folder, { total: 0, unread: 0 });
			for (const row of this.rows.values()) {
				const count = counts.get(this.placeOf(row))!;
				count.total += 1;
				if (!row.read) count.unread += 1;
			}
			this.countsCache = counts;
		}
		return this.countsCache;
	}

	count(folder: string): FolderCount {
		return this.counts().get(folder) ?? { total: 0, unread: 0 };
	}

	/** Letters of one reply thread, oldest first. */
	thread(threadId: string): LetterRow[] {
		const rows: LetterRow[] = [];
		for (const row of this.rows.values()) if (row.threadId === threadId) rows.push(row);
		return rows.sort((a, b) => -newestFirst(a, b));
	}

	private invalidate(): void {
		this.sorted.clear();
		this.allCache = null;
		this.countsCache = null;
	}
}
