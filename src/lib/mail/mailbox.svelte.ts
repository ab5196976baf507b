/**
 * The mailbox as the pages see it: who is signed in, the letters (through the in-memory index), folders,
 * outgoing messages, the sync status, and the actions a citizen takes. One instance per page load, started
 * by the mail layout and kept running while the citizen browses other pages.
 */
import { localizeHref } from '$lib/paraglide/runtime';
import { keepMailboxOffline } from '$lib/pwa/keep-offline';
import type { LetterData, MailDatabase, OutgoingData } from '$lib/db';
import type { SyncCollection } from '$lib/schemas/sync';
import { PendingChanges } from '$lib/sync/pending';
import type { MailReplication, PullInfo } from '$lib/sync/replication';
import { citizenStorageKey, removeCitizenData, removeOtherCitizensData } from './device-data';
import { cacheFiles, letterFiles, PREFETCH_LETTERS } from './files';
import * as actions from './actions';
import type { Draft } from './actions';
import { MailIndex, toRow, type FolderCount, type LetterRow } from './mail-index';
import { cacheSession, checkSession, readCachedSession, SESSION_KEY, type MailSession } from './session';
import { readSnapshot, SNAPSHOT_ROWS, writeSnapshot, type Snapshot } from './snapshot';

export type Phase =
	/** Finding out who is signed in. */
	| 'starting'
	/** Showing the mailbox (perhaps from the snapshot while the database opens). */
	| 'ready'
	/** Offline, and this device holds no signed-in citizen. */
	| 'no-session'
	/** Sending the browser to the sign-in page. */
	| 'leaving'
	| 'signing-out'
	/** Signed out on this device while offline; the server session ends when the network returns. */
	| 'signed-out-offline'
	| 'failed';

export interface FolderItem {
	id: string;
	name: string;
}

export interface SyncProgress {
	done: number;
	total: number;
}

const FOLDER_COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export class Mailbox {
	phase = $state<Phase>('starting');
	session = $state<MailSession | null>(null);
	/** Bumped whenever the letter index changes; list views read it to re-derive. */
	version = $state(0);
	indexReady = $state(false);
	folders = $state<FolderItem[]>([]);
	outgoing = $state<OutgoingData[]>([]);
	snapshot = $state<Snapshot | null>(null);

	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	/** False when the browser thinks it is online but the server cannot be reached. */
	reachable = $state(true);
	pendingCount = $state(0);
	lastSyncedAt = $state<number | null>(null);
	progress = $state<SyncProgress | null>(null);
	/** True while any collection is pulling or pushing. */
	syncing = $state(false);
	outdated = $state(false);

	readonly index = new MailIndex();
	private started = false;
	private dbPromise: Promise<MailDatabase> | null = null;
	private resolveDb: (db: MailDatabase) => void = () => undefined;
	private rejectDb: (error: unknown) => void = () => undefined;
	/** Settles once the database is open; pages may ask for it before that. */
	private readonly dbReady = new Promise<MailDatabase>((resolve, reject) => {
		this.resolveDb = resolve;
		this.rejectDb = reject;
	});
	private replication: MailReplication | null = null;
	private pending: PendingChanges | null = null;
	private cleanups: (() => void)[] = [];
	private bumpTimer: ReturnType<typeof setTimeout> | undefined;
	private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
	private prefetchTimer: ReturnType<typeof setTimeout> | undefined;
	private syncedWrittenAt = 0;
	private progressFrom: number | null = null;
	private pullBatch = 1000;
	private leaving = false;

	constructor() {
		// Pages that asked for the database handle a failure themselves; nobody else must see it unhandled.
		this.dbReady.catch(() => undefined);
	}

	get citizenId(): string | null {
		return this.session?.citizenId ?? null;
	}

	get persistent(): boolean {
		return this.session?.storage === 'persistent';
	}

	/** Resolves with the open database (waits for start-up). */
	database(): Promise<MailDatabase> {
		return this.dbReady;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Start-up
	// ---------------------------------------------------------------------------------------------------------

	async start(): Promise<void> {
		if (this.started) return;
		this.started = true;
		this.watchNetwork();
		try {
			const session = await this.resolveSession();
			if (!session) return;
			await this.open(session);
		} catch (error) {
			console.error('mailbox failed to start', error);
			this.phase = 'failed';
		}
	}

	/**
	 * Online, the server says who is signed in (a different person than last time must never see the previous
	 * person's letters); offline, or when the server cannot be reached, the cached session opens the mailbox.
	 */
	private async resolveSession(): Promise<MailSession | null> {
		const cached = readCachedSession();
		if (navigator.onLine) {
			const check = await checkSession();
			if (check.kind === 'signed-out') {
				this.toLogin();
				return null;
			}
			if (check.kind === 'signed-in') return check.session;
			this.reachable = false;
		}
		if (!cached) this.phase = 'no-session';
		return cached;
	}

	private async open(session: MailSession): Promise<void> {
		const persistent = session.storage === 'persistent';
		const { citizenId } = session;
		if (persistent) cacheSession(session);
		// Signed in on this device: from now on the mailbox's code is kept offline too (not before sign-in,
		// so a first visit to the start page stays a small download). A shared computer keeps nothing.
		if (persistent) void keepMailboxOffline();
		this.session = session;

		this.pending = new PendingChanges(
			persistent ? localStorage : null,
			citizenStorageKey('postkasse.pending.', citizenId)
		);
		this.cleanups.push(this.pending.subscribe((count) => (this.pendingCount = count)));
		if (persistent) {
			this.snapshot = readSnapshot(localStorage, citizenId);
			if (this.snapshot) this.folders = this.snapshot.folders;
			const synced = Number(localStorage.getItem(citizenStorageKey('postkasse.synced.', citizenId)));
			this.lastSyncedAt = synced > 0 ? synced : null;
		}
		this.watchOtherTabs(citizenId);
		// The first screen can be drawn now, from the snapshot.
		this.phase = 'ready';

		// Nobody else's data stays on the device; on a shared computer, not even this citizen's.
		await removeOtherCitizensData(citizenId, persistent);

		// RxDB, Dexie and the replication load only now, after the first screen (from the snapshot) is drawn.
		const [{ openMailDatabase, readAllLetters }, { replicateMailbox, PULL_BATCH }] = await Promise.all([
			import('$lib/db'),
			import('$lib/sync/replication')
		]);
		this.pullBatch = PULL_BATCH;
		this.dbPromise = openMailDatabase(citizenId, session.storage);
		this.dbPromise.then(this.resolveDb, this.rejectDb);
		const db = await this.dbPromise;
		this.watchFolders(db);
		this.watchOutgoing(db);
		const scan = this.watchLetters(db, readAllLetters);
		this.replication = replicateMailbox(db, {
			citizenId,
			origin: location.origin,
			hooks: {
				onPulled: (collection, info) => this.onPulled(collection, info),
				onPushed: () => this.markSynced(),
				onUnauthorized: () => {
					if (navigator.onLine) this.toLogin();
				},
				onOutdated: () => {
					this.outdated = true;
					void this.replication?.cancel();
				},
				onReachable: () => (this.reachable = true),
				onUnreachable: () => (this.reachable = !navigator.onLine)
			}
		});
		this.watchPending(this.replication);
		await scan;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Keeping the in-memory state up to date
	// ---------------------------------------------------------------------------------------------------------

	/** Fills the index with one scan and keeps it current from change events (buffered during the scan). */
	private async watchLetters(
		db: MailDatabase,
		readAll: (db: MailDatabase) => Promise<LetterData[]>
	): Promise<void> {
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
		this.cleanups.push(() => sub.unsubscribe());

		const docs = await readAll(db);
		this.index.replaceAll(docs.map(toRow));
		for (const { id, data } of buffer) apply(id, data);
		buffer = null;
		this.indexReady = true;
		this.changed();
	}

	private watchFolders(db: MailDatabase): void {
		const sub = db.folders.find().$.subscribe((docs) => {
			const folders = docs
				.map((doc) => ({ id: doc.id, name: doc.name }))
				.sort((a, b) => FOLDER_COLLATOR.compare(a.name, b.name));
			this.folders = folders;
			this.index.setFolders(folders.map((f) => f.id));
			this.changed();
		});
		this.cleanups.push(() => sub.unsubscribe());
	}

	private watchOutgoing(db: MailDatabase): void {
		const sub = db.outgoing.find().$.subscribe((docs) => {
			this.outgoing = docs
				.map((doc) => doc.toJSON() as OutgoingData)
				.sort((a, b) => b.createdAt - a.createdAt);
			this.scheduleSnapshot();
		});
		this.cleanups.push(() => sub.unsubscribe());
	}

	/**
	 * Coalesces index changes into one re-render; while a large backlog syncs, at most a few per second, so
	 * drawing the list does not compete with writing the letters.
	 */
	private changed(): void {
		if (this.bumpTimer !== undefined) return;
		this.bumpTimer = setTimeout(
			() => {
				this.bumpTimer = undefined;
				this.version += 1;
				this.scheduleSnapshot();
			},
			this.progress ? 300 : 0
		);
	}

	private scheduleSnapshot(): void {
		if (!this.persistent || !this.indexReady || this.snapshotTimer !== undefined) return;
		this.snapshotTimer = setTimeout(() => {
			this.snapshotTimer = undefined;
			this.saveSnapshot();
		}, 500);
	}

	private saveSnapshot(): void {
		const citizenId = this.citizenId;
		if (!citizenId || !this.persistent || !this.indexReady || this.phase !== 'ready') return;
		writeSnapshot(localStorage, {
			citizenId,
			inbox: this.index.page('inbox', 0, SNAPSHOT_ROWS).map((row) => ({ ...row })),
			counts: Object.fromEntries(this.index.counts()),
			folders: this.folders.map((f) => ({ ...f })),
			outboxWaiting: this.outgoing.filter((o) => o.status === 'waiting').length
		});
	}

	private watchNetwork(): void {
		const update = () => {
			this.online = navigator.onLine;
			if (!this.online) this.reachable = true;
		};
		addEventListener('online', update);
		addEventListener('offline', update);
		this.cleanups.push(() => {
			removeEventListener('online', update);
			removeEventListener('offline', update);
		});
	}

	/** Another tab signing out ends this tab's session too; another tab's pending changes count here. */
	private watchOtherTabs(citizenId: string): void {
		const pendingKey = citizenStorageKey('postkasse.pending.', citizenId);
		const onStorage = (event: StorageEvent) => {
			if (event.key === pendingKey) this.pending?.load();
			if (event.key === SESSION_KEY && event.newValue === null && this.persistent && this.phase === 'ready') {
				this.toLogin();
			}
		};
		addEventListener('storage', onStorage);
		this.cleanups.push(() => removeEventListener('storage', onStorage));
	}

	private watchPending(replication: MailReplication): void {
		const active = { letters: false, folders: false, outgoing: false };
		for (const collection of ['letters', 'folders', 'outgoing'] as const) {
			const state = replication[collection];
			let failedSinceActive = false;
			const subs = [
				state.sent$.subscribe((doc) =>
					this.pending?.settle(collection, (doc as unknown as { id: string }).id)
				),
				state.error$.subscribe(() => (failedSinceActive = true)),
				state.active$.subscribe((isActive) => {
					active[collection] = isActive;
					this.syncing = active.letters || active.folders || active.outgoing;
					if (isActive) {
						failedSinceActive = false;
						return;
					}
					// Idle after success: everything queued has been pushed.
					if (!failedSinceActive && !state.isStoppedOrPaused()) this.pending?.clear(collection);
				})
			];
			this.cleanups.push(() => subs.forEach((s) => s.unsubscribe()));
		}
	}

	private onPulled(collection: SyncCollection, info: PullInfo): void {
		this.markSynced();
		if (collection !== 'letters') return;
		const caughtUp = info.count < info.limit;
		if (caughtUp) {
			if (this.progressFrom !== null) {
				// After a large backlog, RxDB's push side may still have to look over the last written batch
				// once (its checkpoint can lag inside a batch written in one go). Doing it now, while the citizen
				// watches the progress bar finish, keeps the next letter's delivery quick.
				setTimeout(() => this.replication?.letters.reSync(), 0);
			}
			this.progress = null;
			this.progressFrom = null;
			this.schedulePrefetch();
			return;
		}
		this.progressFrom ??= info.from;
		const total = info.latestSeq - this.progressFrom;
		// Only a backlog of several batches is worth a progress bar.
		if (total > 2 * this.pullBatch) {
			this.progress = { done: Math.min(info.to - this.progressFrom, total), total };
		}
	}

	private markSynced(): void {
		const now = Date.now();
		this.lastSyncedAt = now;
		this.reachable = true;
		const citizenId = this.citizenId;
		if (this.persistent && citizenId && now - this.syncedWrittenAt > 5000) {
			this.syncedWrittenAt = now;
			localStorage.setItem(citizenStorageKey('postkasse.synced.', citizenId), String(now));
		}
	}

	/** Keeps the newest letters' files on the device, so they open offline too. */
	private schedulePrefetch(): void {
		if (!this.persistent || this.prefetchTimer !== undefined) return;
		this.prefetchTimer = setTimeout(async () => {
			this.prefetchTimer = undefined;
			const citizenId = this.citizenId;
			if (!citizenId || !navigator.onLine || this.phase !== 'ready') return;
			const ids = this.index
				.list('inbox')
				.filter((row) => row.fileCount > 0)
				.slice(0, PREFETCH_LETTERS)
				.map((row) => row.id);
			if (ids.length === 0) return;
			const db = await this.database();
			const docs = await db.letters.findByIds(ids).exec();
			await cacheFiles(
				citizenId,
				[...docs.values()].flatMap((doc) => letterFiles(doc))
			);
		}, 1500);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Reading (call inside $derived: they read `version`)
	// ---------------------------------------------------------------------------------------------------------

	/** Letters of a folder, newest first. Before the index is filled, the inbox comes from the snapshot. */
	rows(folder: string, offset: number, limit: number): readonly LetterRow[] {
		void this.version;
		if (!this.indexReady) {
			return folder === 'inbox' && this.snapshot ? this.snapshot.inbox.slice(offset, offset + limit) : [];
		}
		return this.index.page(folder, offset, limit);
	}

	count(folder: string): FolderCount {
		void this.version;
		if (!this.indexReady) return this.snapshot?.counts[folder] ?? { total: 0, unread: 0 };
		return this.index.count(folder);
	}

	/** True while a folder's list is not known yet (so "no letters" is not said too early). */
	loading(folder: string): boolean {
		return !this.indexReady && !(folder === 'inbox' && this.snapshot);
	}

	row(id: string): LetterRow | undefined {
		void this.version;
		return this.index.get(id);
	}

	thread(threadId: string): LetterRow[] {
		void this.version;
		return this.index.thread(threadId);
	}

	search(text: string): LetterRow[] {
		void this.version;
		return this.index.search(text);
	}

	folderName(id: string): string | null {
		return this.folders.find((f) => f.id === id)?.name ?? null;
	}

	get outboxWaiting(): number {
		if (!this.dbPromise && this.snapshot) return this.snapshot.outboxWaiting;
		return this.outgoing.filter((o) => o.status === 'waiting').length;
	}

	/** Follows one letter; the callback gets null when it does not exist (yet). */
	watchLetter(id: string, callback: (letter: LetterData | null) => void): () => void {
		let unsubscribe: (() => void) | null = null;
		let stopped = false;
		this.database()
			.then((db) => {
				if (stopped) return;
				const sub = db.letters
					.findOne(id)
					.$.subscribe((doc) => callback(doc ? (doc.toJSON() as LetterData) : null));
				unsubscribe = () => sub.unsubscribe();
			})
			.catch(() => callback(null));
		return () => {
			stopped = true;
			unsubscribe?.();
		};
	}

	// ---------------------------------------------------------------------------------------------------------
	// Actions: all write locally and sync later
	// ---------------------------------------------------------------------------------------------------------

	async setRead(id: string, read: boolean): Promise<void> {
		if (await actions.setLetterRead(await this.database(), id, read)) this.pending?.add('letters', id);
	}

	async moveTo(id: string, folder: string): Promise<void> {
		if (await actions.moveLetter(await this.database(), id, folder)) this.pending?.add('letters', id);
	}

	async createFolder(name: string): Promise<string> {
		const id = await actions.createFolder(await this.database(), name);
		this.pending?.add('folders', id);
		return id;
	}

	async renameFolder(id: string, name: string): Promise<void> {
		if (await actions.renameFolder(await this.database(), id, name)) this.pending?.add('folders', id);
	}

	/** Deletes a folder; its letters go back to the inbox first, so none is lost. */
	async deleteFolder(id: string): Promise<void> {
		for (const row of [...this.index.list(id)]) await this.moveTo(row.id, 'inbox');
		if (await actions.deleteFolder(await this.database(), id)) this.pending?.add('folders', id);
	}

	async send(draft: Draft): Promise<string> {
		const id = await actions.queueOutgoing(await this.database(), draft);
		this.pending?.add('outgoing', id);
		return id;
	}

	/** Keeps an opened letter's files on the device (persistent sign-ins only). */
	async keepFiles(letter: LetterData): Promise<void> {
		const citizenId = this.citizenId;
		if (!citizenId || !this.persistent) return;
		await cacheFiles(citizenId, letterFiles(letter));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Leaving
	// ---------------------------------------------------------------------------------------------------------

	/**
	 * Signs out: removes the database, the file cache and the cached session from this device first, then
	 * ends the session on the server (POST /logout, which answers with a redirect to the sign-in page).
	 */
	async signOut(): Promise<void> {
		const citizenId = this.citizenId;
		this.phase = 'signing-out';
		await this.stop();
		if (citizenId) await removeCitizenData(citizenId);
		localStorage.removeItem(SESSION_KEY);
		if (navigator.onLine) {
			postLogout();
			return;
		}
		this.phase = 'signed-out-offline';
		addEventListener('online', postLogout, { once: true });
	}

	private async stop(): Promise<void> {
		clearTimeout(this.snapshotTimer);
		clearTimeout(this.prefetchTimer);
		clearTimeout(this.bumpTimer);
		this.snapshotTimer = this.prefetchTimer = this.bumpTimer = undefined;
		for (const cleanup of this.cleanups.splice(0)) cleanup();
		await this.replication?.cancel().catch(() => undefined);
		this.replication = null;
	}

	/** Sends the browser to the sign-in page; local data stays until sign-out or another person signs in. */
	private toLogin(): void {
		if (this.leaving) return;
		this.leaving = true;
		this.phase = 'leaving';
		location.assign(localizeHref('/login'));
	}
}

function postLogout(): void {
	const form = document.createElement('form');
	form.method = 'POST';
	form.action = localizeHref('/logout');
	document.body.append(form);
	form.submit();
}

let instance: Mailbox | null = null;

/** The page's mailbox (browser only: mail routes do not render on the server). */
export function useMailbox(): Mailbox {
	instance ??= new Mailbox();
	return instance;
}
