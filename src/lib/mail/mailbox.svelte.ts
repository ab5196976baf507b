/**
 * The mailbox as the pages see it, put together from one module per job: who is signed in (./session.ts),
 * the letters (./letter-list.svelte.ts), the folders (./folder-list.svelte.ts), the outgoing messages
 * (./outbox.svelte.ts), the full-text search (./search/mail-search.svelte.ts, loaded when search is first
 * used) and the sync bar (./sync-status.svelte.ts). It starts them, keeps the first-screen
 * snapshot and the offline files up to date, and writes every action locally to sync later.
 *
 * The mail layout creates one per visit to the mailbox and hands it to the pages through context
 * (./context.ts); leaving the mailbox stops it (the database stays open for the next visit).
 */
import { localizeHref } from '$lib/paraglide/runtime';
import { keepMailboxOffline } from '$lib/pwa/keep-offline';
import { registerMailbox, signOut, type SignOutReason } from '$lib/auth/sign-out';
import type { LetterData, MailDatabase } from '$lib/db';
import { PULL_LIMIT_MAX } from '$lib/schemas/sync-constants';
import { PendingChanges } from '$lib/sync/pending';
import type { MailReplication, ReplicationOptions, ReplicationStart } from '$lib/sync/replication';
import type { BulkProgress } from '$lib/sync/bulk-load';
import type { Draft } from './actions';
import {
	fetchAccess,
	noteAccessEnded,
	readHelped,
	saveHelped,
	setViewingMailbox,
	takeAccessEnded,
	viewingMailbox
} from '$lib/access/helped';
import type { HelpedMailbox } from '$lib/schemas/access';
import {
	citizenKeys,
	citizenStorageKey,
	deviceKey,
	forgetCitizens,
	forgetMailbox,
	forgetMailboxCopy
} from './device-data';
import { blobToBase64, openDraftStore, type DraftStore } from './draft-store';
import { cacheFiles, letterFiles, PREFETCH_LETTERS, showFilesOf } from './files';
import { FolderList } from './folder-list.svelte';
import { LetterList } from './letter-list.svelte';
import type { MailSearch } from './search/mail-search.svelte';
import { OfflineFiles } from './offline-files.svelte';
import { Outbox } from './outbox.svelte';
import { cacheSession, checkSession, readCachedSession, SESSION_KEY, type MailSession } from './session';
import { readSnapshot, SNAPSHOT_ROWS, writeSnapshot } from './snapshot';
import { SyncStatus } from './sync-status.svelte';

/** The write actions' code loads with the first of them: the first screen of letters only reads. */
const actions = () => import('./actions');

export type Phase =
	/** Finding out who is signed in. */
	| 'starting'
	/** Showing the mailbox (perhaps from the snapshot while the database opens). */
	| 'ready'
	/** Offline, and this device holds no signed-in citizen. */
	| 'no-session'
	/** On the way out: to the sign-in page, or signing out. */
	| 'leaving'
	/** Signed out on this device while offline; the server session ends when the network returns. */
	| 'signed-out-offline'
	| 'failed';

export class Mailbox {
	phase = $state<Phase>('starting');
	session = $state.raw<MailSession | null>(null);
	readonly status: SyncStatus;
	readonly letters: LetterList;
	readonly folders = new FolderList();
	readonly outbox = new Outbox();
	readonly offlineFiles = new OfflineFiles();
	/** Set once search is used and the letter list is filled (see useSearch). */
	search = $state.raw<MailSearch | null>(null);
	/** The mailboxes the citizen may open as a helper (the switch shows when there are any). */
	helped = $state.raw<HelpedMailbox[]>([]);
	/** Someone else's mailbox on screen (the citizen helps its owner); null for the citizen's own post. */
	helping = $state.raw<HelpedMailbox | null>(null);
	/** Whose access ended just now (the citizen is back on their own post and is told why). */
	accessEnded = $state<string | null>(null);
	/** Requests for access to the citizen's own mailbox, waiting for an answer. */
	accessRequests = $state(0);

	#db: Promise<MailDatabase>;
	#resolveDb: (db: MailDatabase) => void = () => undefined;
	#rejectDb: (error: unknown) => void = () => undefined;
	#replication: MailReplication | null = null;
	#pending: PendingChanges | null = null;
	#cleanups: (() => void)[] = [];
	#snapshotTimer: ReturnType<typeof setTimeout> | undefined;
	#prefetchTimer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;
	#startingOver = false;
	#searchWanted = false;
	/** Starts the full-text search once (set when the letter list is filled). */
	#startSearch: (() => void) | null = null;
	/** Checks now which waiting changes the server has taken (set once the replication runs). */
	#settlePending: ((pending: PendingChanges) => Promise<void>) | null = null;

	constructor() {
		this.#db = new Promise<MailDatabase>((resolve, reject) => {
			this.#resolveDb = resolve;
			this.#rejectDb = reject;
		});
		// Pages that asked for the database handle a failure themselves; nobody else must see it unhandled.
		this.#db.catch(() => undefined);
		this.status = new SyncStatus(PULL_LIMIT_MAX);
		this.letters = new LetterList(
			() => this.status.progress !== null,
			() => this.scheduleSnapshot()
		);
	}

	get citizenId(): string | null {
		return this.session?.citizenId ?? null;
	}

	/** Whose data the device keeps for the mailbox on screen (./device-data.ts deviceKey). */
	get deviceKey(): string | null {
		const citizenId = this.citizenId;
		return citizenId ? deviceKey(citizenId, this.helping?.mailboxId ?? null) : null;
	}

	/** Read-only helpers may not write, reply, forward, delete or put in the trash (the server refuses it too). */
	get canWrite(): boolean {
		return this.helping === null || this.helping.level === 'read_write';
	}

	get persistent(): boolean {
		return this.session?.storage === 'persistent';
	}

	/** Where drafts and the bytes of attached files wait (on the device, or in memory on a shared computer). */
	get drafts(): DraftStore | null {
		const session = this.session;
		const key = this.deviceKey;
		return session && key ? openDraftStore(key, session.storage === 'persistent') : null;
	}

	/** Resolves with the open database (waits for start-up). */
	database(): Promise<MailDatabase> {
		return this.#db;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Start and stop
	// ---------------------------------------------------------------------------------------------------------

	async start(): Promise<void> {
		this.#cleanups.push(this.status.watchNetwork(), registerMailbox(this));
		try {
			const session = await this.resolveSession();
			if (session && !this.#stopped) await this.open(session);
		} catch (error) {
			console.error('mailbox failed to start', error);
			this.phase = 'failed';
		}
	}

	/** Stops syncing and watching; the data stays on the device. */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#snapshotTimer);
		clearTimeout(this.#prefetchTimer);
		this.letters.stop();
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
		await this.search?.stop();
		const replication = this.#replication;
		this.#replication = null;
		await replication?.cancel().catch(() => undefined);
	}

	/**
	 * Online, the server says who is signed in (a different person than last time must never see the previous
	 * person's letters; a session that ended takes this device's copy with it); offline, or when the server
	 * cannot be reached, the cached session opens the mailbox.
	 */
	private async resolveSession(): Promise<MailSession | null> {
		const cached = readCachedSession();
		if (navigator.onLine) {
			const check = await checkSession();
			if (check.kind === 'signed-out') {
				void this.leave('session-ended');
				return null;
			}
			if (check.kind === 'signed-in') return check.session;
			this.status.reachable = false;
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
		await this.chooseMailbox(session);
		const key = deviceKey(citizenId, this.helping?.mailboxId ?? null);

		const pendingKey = citizenStorageKey(citizenKeys.pending, key);
		this.#pending = new PendingChanges(persistent ? localStorage : null, pendingKey);
		this.#cleanups.push(this.#pending.subscribe((count) => (this.status.pendingCount = count)));
		if (persistent) {
			const snapshot = readSnapshot(localStorage, key);
			this.letters.snapshot = snapshot;
			if (snapshot) {
				this.folders.items = snapshot.folders;
				this.outbox.waitingFromSnapshot = snapshot.outboxWaiting;
			}
			const syncedKey = citizenStorageKey(citizenKeys.synced, key);
			const synced = Number(localStorage.getItem(syncedKey));
			this.status.lastSyncedAt = synced > 0 ? synced : null;
			this.status.saveSyncedAt = (at) => localStorage.setItem(syncedKey, String(at));
		}
		this.watchOtherTabs(pendingKey);
		// The first screen can be drawn now, from the snapshot.
		this.phase = 'ready';

		// Nobody else's data stays on the device; on a shared computer, not even this citizen's.
		await forgetCitizens(persistent ? citizenId : null);
		void this.refreshAccess(session);

		// RxDB, Dexie and the replication load only now, after the first screen (from the snapshot) is drawn.
		const {
			openMailDatabase,
			readAllLetters,
			replicateMailbox,
			trackPending,
			settleAllPending,
			loadLettersInBulk
		} = await import('$lib/sync/engine');
		if (this.#stopped) return;
		const dbPromise = openMailDatabase(key, session.storage);
		dbPromise.then(this.#resolveDb, this.#rejectDb);
		const db = await dbPromise;
		if (this.#stopped) return;
		this.#cleanups.push(
			this.folders.watch(db, (ids) => this.letters.setFolders(ids)),
			this.outbox.watch(db, () => {
				this.scheduleSnapshot();
				this.releaseSentFiles();
			})
		);
		const scan = this.letters.watch(db, readAllLetters).then((unwatch) => this.#cleanups.push(unwatch));
		const syncOptions: ReplicationOptions = {
			citizenId,
			mailboxId: this.helping?.mailboxId,
			origin: location.origin,
			attachmentContent: async (id) => {
				const blob = await this.drafts?.file(id);
				return blob ? blobToBase64(blob) : null;
			},
			hooks: {
				onPulled: (collection, info) => {
					const { caughtUp, afterBacklog } = this.status.pulled(collection, info);
					// After a large backlog, RxDB's push side may still have to look over the last written batch
					// once (its checkpoint can lag inside a batch written in one go). Doing it now, while the
					// citizen watches the progress bar finish, keeps the next letter's delivery quick.
					if (afterBacklog) setTimeout(() => this.#replication?.letters.reSync(), 0);
					if (caughtUp) this.schedulePrefetch();
				},
				onPushed: () => this.status.markSynced(),
				onUnauthorized: () => {
					if (navigator.onLine) void this.leave('session-ended');
				},
				onAccessEnded: () => void this.dropHelpedMailbox(),
				onOutdated: () => {
					this.status.outdated = true;
					void this.#replication?.cancel();
				},
				onCheckpointExpired: () => void this.startOver(),
				onRefused: () => (this.status.refused += 1),
				onReachable: () => (this.status.reachable = true),
				onUnreachable: () => (this.status.reachable = !navigator.onLine)
			}
		};
		// An empty device (or one that starts over) loads its letters in bulk first (../sync/bulk-load.ts).
		const bulkKey = persistent ? citizenStorageKey(citizenKeys.bulk, key) : null;
		const lettersStart = await this.loadInBulk(db, syncOptions, bulkKey, loadLettersInBulk);
		if (this.#stopped || lettersStart === null) return;
		const replication = replicateMailbox(db, { ...syncOptions, lettersStart });
		this.#replication = replication;
		this.#cleanups.push(trackPending(replication, this.#pending), this.watchActivity(replication));
		this.#settlePending = (pending) => settleAllPending(replication, pending);
		await scan;
		if (this.#stopped) return;
		let started = false;
		this.#startSearch = () => {
			if (started) return;
			started = true;
			this.startSearch(db, persistent ? key : null, readAllLetters).catch((error: unknown) =>
				console.error('search failed to start', error)
			);
		};
		if (this.#searchWanted) this.#startSearch();
	}

	/**
	 * The search field or page is in use: the full-text index (MiniSearch, the stemmers, the saved or rebuilt
	 * index) loads now, not with the first screen of letters. Its code is in the mailbox's offline pack, so
	 * this works offline too.
	 */
	useSearch(): void {
		this.#searchWanted = true;
		this.#startSearch?.();
	}

	/**
	 * Runs the bulk load until it is done: a lost connection waits for the network and goes on where it
	 * stopped. Null when the server refused (signed out, app outdated, access ended: the hooks act on those).
	 */
	private async loadInBulk(
		db: MailDatabase,
		options: ReplicationOptions,
		bulkKey: string | null,
		load: typeof import('$lib/sync/bulk-load').loadLettersInBulk
	): Promise<ReplicationStart | undefined | null> {
		let memory: BulkProgress | null = null;
		const read = (): BulkProgress | null => {
			if (!bulkKey) return memory;
			try {
				return JSON.parse(localStorage.getItem(bulkKey) ?? 'null') as BulkProgress | null;
			} catch {
				return null;
			}
		};
		const save = (progress: BulkProgress) => {
			memory = progress;
			if (bulkKey) localStorage.setItem(bulkKey, JSON.stringify(progress));
		};
		const onProgress = (loaded: number, total: number) => {
			this.status.progress = loaded < total ? { done: loaded, total } : null;
			this.status.markSynced();
		};
		for (let delay = 1000; !this.#stopped; delay = Math.min(delay * 2, 60_000)) {
			try {
				return await load(db.letters as never, { ...options, onProgress }, read(), save);
			} catch (error) {
				const status = (error as { status?: number }).status;
				if (status === 401 || status === 403 || status === 426) return null;
				console.warn('bulk load interrupted; trying again', error instanceof Error ? error.message : error);
				await new Promise<void>((resolve) => {
					const go = () => {
						clearTimeout(timer);
						removeEventListener('online', go);
						resolve();
					};
					const timer = setTimeout(go, navigator.onLine ? delay : 60_000);
					addEventListener('online', go);
				});
			} finally {
				this.status.progress = null;
			}
		}
		return null;
	}

	/**
	 * The server purged tombstones this device has not seen (410 checkpoint_expired). The changes that wait are
	 * pushed first (the replication keeps pushing while its pulls are refused), then the device's copy of the
	 * mailbox is dropped and the page starts again, which loads the letters in bulk. Drafts stay.
	 */
	private async startOver(): Promise<void> {
		const key = this.deviceKey;
		const pending = this.#pending;
		if (!key || !pending) return;
		// Each refused pull comes here: look again whether the waiting changes have reached the server.
		void this.#settlePending?.(pending);
		if (this.#startingOver) return;
		this.#startingOver = true;
		this.status.startingOver = true;
		await new Promise<void>((resolve) => {
			const unsubscribe = pending.subscribe((count) => {
				if (count > 0) return;
				queueMicrotask(() => unsubscribe());
				resolve();
			});
		});
		if (this.#stopped) return;
		this.phase = 'leaving';
		await this.stop();
		await forgetMailboxCopy(key);
		location.reload();
	}

	/** Which mailbox this tab shows: the one chosen in the switch, if the citizen may still open it. */
	private async chooseMailbox(session: MailSession): Promise<void> {
		this.accessEnded = takeAccessEnded();
		const chosen = viewingMailbox(session.citizenId);
		if (session.storage === 'persistent') this.helped = readHelped(session.citizenId);
		else if (chosen) {
			// A shared computer keeps no list: the server must say whether the chosen mailbox may be opened.
			const answer = await fetchAccess();
			this.helped = answer?.mailboxes ?? [];
		}
		this.helping = (chosen && this.helped.find((h) => h.mailboxId === chosen)) || null;
		if (chosen && !this.helping) setViewingMailbox(session.citizenId, null);
		showFilesOf(this.helping?.mailboxId ?? null);
	}

	/**
	 * Asks the server which mailboxes the citizen may open now. A mailbox no longer listed loses its copy on
	 * this device; if it is the one on screen, the citizen goes back to their own post and is told why.
	 */
	private async refreshAccess(session: MailSession): Promise<void> {
		if (!navigator.onLine) return;
		const answer = await fetchAccess();
		if (!answer || this.#stopped) return;
		const { citizenId } = session;
		const before = session.storage === 'persistent' ? readHelped(citizenId, 0) : this.helped;
		if (session.storage === 'persistent') saveHelped(citizenId, answer.mailboxes);
		this.helped = answer.mailboxes;
		this.accessRequests = answer.requests;
		const listed = (id: string) => answer.mailboxes.some((h) => h.mailboxId === id);
		for (const gone of before.filter((h) => !listed(h.mailboxId))) {
			if (gone.mailboxId !== this.helping?.mailboxId)
				await forgetMailbox(deviceKey(citizenId, gone.mailboxId));
		}
		const current = this.helping;
		if (current && !listed(current.mailboxId)) await this.dropHelpedMailbox();
		else if (current) this.helping = answer.mailboxes.find((h) => h.mailboxId === current.mailboxId) ?? null;
	}

	/** Shows another mailbox (or, with null, the citizen's own post): a fresh start of the mail pages. */
	async switchTo(mailboxId: string | null): Promise<void> {
		const citizenId = this.citizenId;
		if (!citizenId || this.phase !== 'ready') return;
		setViewingMailbox(citizenId, mailboxId);
		this.phase = 'leaving';
		await this.stop();
		location.assign(localizeHref('/mail'));
	}

	/** The access to the mailbox on screen has ended: its copy leaves this device, the citizen's own post opens. */
	private async dropHelpedMailbox(): Promise<void> {
		const citizenId = this.citizenId;
		const helping = this.helping;
		if (!citizenId || !helping || this.phase === 'leaving') return;
		this.phase = 'leaving';
		await this.stop();
		await forgetMailbox(deviceKey(citizenId, helping.mailboxId));
		if (this.persistent) {
			saveHelped(
				citizenId,
				readHelped(citizenId, 0).filter((h) => h.mailboxId !== helping.mailboxId)
			);
		}
		setViewingMailbox(citizenId, null);
		noteAccessEnded(helping.ownerName);
		location.assign(localizeHref('/mail'));
	}

	/** The full-text index: kept on the device for a persistent sign-in, in memory on a shared computer. */
	private async startSearch(
		db: MailDatabase,
		keepFor: string | null,
		readAll: (db: MailDatabase) => Promise<LetterData[]>
	): Promise<void> {
		const { MailSearch } = await import('./search/mail-search.svelte');
		if (this.#stopped) return;
		const search = new MailSearch(this.letters, keepFor);
		this.search = search;
		const unwatch = await search.start(db, readAll);
		if (this.#stopped) unwatch();
		else this.#cleanups.push(unwatch);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Keeping things up to date
	// ---------------------------------------------------------------------------------------------------------

	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
	#released = new Set<string>();
	/** A message the server answered (sent or failed) no longer needs its files' bytes on the device. */
	private releaseSentFiles(): void {
		const drafts = this.drafts;
		if (!drafts) return;
		for (const message of this.outbox.messages) {
			if (message.status === 'waiting' || message.attachments.length === 0 || this.#released.has(message.id))
				continue;
			this.#released.add(message.id);
			void drafts.removeFiles(message.attachments.map((a) => a.id)).catch(() => undefined);
		}
	}

	/** Another tab's sign-out ends this tab's visit too; another tab's pending changes count here. */
	private watchOtherTabs(pendingKey: string): void {
		const onStorage = (event: StorageEvent) => {
			if (event.key === pendingKey) this.#pending?.load();
			if (event.key === SESSION_KEY && event.newValue === null && this.persistent && this.phase === 'ready') {
				// The other tab removes the data; this one only leaves.
				this.phase = 'leaving';
				void this.stop().then(() => location.assign(localizeHref('/login')));
			}
		};
		addEventListener('storage', onStorage);
		this.#cleanups.push(() => removeEventListener('storage', onStorage));
	}

	private watchActivity(replication: MailReplication): () => void {
		const active = { letters: false, folders: false, outgoing: false };
		const subs = (['letters', 'folders', 'outgoing'] as const).map((collection) =>
			replication[collection].active$.subscribe((isActive) => {
				active[collection] = isActive;
				this.status.syncing = active.letters || active.folders || active.outgoing;
			})
		);
		return () => subs.forEach((sub) => sub.unsubscribe());
	}

	private scheduleSnapshot(): void {
		if (!this.persistent || !this.letters.ready || this.#snapshotTimer !== undefined) return;
		this.#snapshotTimer = setTimeout(() => {
			this.#snapshotTimer = undefined;
			const key = this.deviceKey;
			if (!key || this.#stopped || this.phase !== 'ready') return;
			writeSnapshot(localStorage, {
				citizenId: key,
				inbox: this.letters.index.page('inbox', 0, SNAPSHOT_ROWS).map((row) => ({ ...row })),
				counts: Object.fromEntries(this.letters.index.counts()),
				folders: this.folders.items.map((f) => ({ ...f })),
				outboxWaiting: this.outbox.waiting
			});
		}, 500);
	}

	/** Keeps the newest letters' files on the device, so they open offline too. */
	private schedulePrefetch(): void {
		if (!this.persistent || this.#prefetchTimer !== undefined) return;
		this.#prefetchTimer = setTimeout(async () => {
			this.#prefetchTimer = undefined;
			const key = this.deviceKey;
			if (!key || !navigator.onLine || this.#stopped || this.phase !== 'ready') return;
			const ids = this.letters.index
				.list('inbox')
				.filter((row) => row.fileCount > 0)
				.slice(0, PREFETCH_LETTERS)
				.map((row) => row.id);
			if (ids.length === 0) return;
			const docs = await (await this.database()).letters.findByIds(ids).exec();
			// Signing out may have begun meanwhile: its removal must not be followed by a new cache.
			if (this.#stopped) return;
			await cacheFiles(
				key,
				[...docs.values()].flatMap((doc) => letterFiles(doc))
			);
		}, 1500);
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

	/** Whole letters from the device, in the order asked for (an export reads them a batch at a time). */
	async lettersByIds(ids: string[]): Promise<LetterData[]> {
		const found = await (await this.database()).letters.findByIds(ids).exec();
		return ids.flatMap((id) => {
			const doc = found.get(id);
			return doc ? [doc.toJSON() as LetterData] : [];
		});
	}

	// ---------------------------------------------------------------------------------------------------------
	// Actions: all write locally and sync later
	// ---------------------------------------------------------------------------------------------------------

	async setRead(id: string, read: boolean): Promise<void> {
		if (await (await actions()).setLetterRead(await this.database(), id, read))
			this.#pending?.add('letters', id);
	}

	async moveTo(id: string, folder: string): Promise<void> {
		if (await (await actions()).moveLetter(await this.database(), id, folder))
			this.#pending?.add('letters', id);
	}

	async createFolder(name: string): Promise<string> {
		const id = await (await actions()).createFolder(await this.database(), name);
		this.#pending?.add('folders', id);
		return id;
	}

	async renameFolder(id: string, name: string): Promise<void> {
		if (await (await actions()).renameFolder(await this.database(), id, name))
			this.#pending?.add('folders', id);
	}

	/** Deletes a folder; its letters are then listed in the inbox (./folders.ts `placeOf`), none is lost. */
	async deleteFolder(id: string): Promise<void> {
		if (await (await actions()).deleteFolder(await this.database(), id)) this.#pending?.add('folders', id);
	}

	async send(draft: Draft): Promise<string> {
		const session = this.session;
		const writtenBy = this.helping && session ? { id: session.citizenId, name: session.name } : undefined;
		const { queueOutgoing } = await actions();
		const id = await queueOutgoing(await this.database(), draft, Date.now(), writtenBy);
		this.#pending?.add('outgoing', id);
		return id;
	}

	/**
	 * Keeps a letter's files on the device (persistent sign-ins only) and notes which are there. Opening a
	 * letter does this for files up to MAX_CACHED_FILE_BYTES; "Keep offline" (`keepLarge`) for all of them.
	 * Returns whether all its files are on the device now.
	 */
	async keepFiles(letter: LetterData, { keepLarge = false } = {}): Promise<boolean> {
		const key = this.deviceKey;
		const files = letterFiles(letter);
		if (key && this.persistent && !this.#stopped) await cacheFiles(key, files, { keepLarge });
		await this.offlineFiles.check(this.persistent ? key : null, files);
		return this.offlineFiles.allKept(files);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Leaving
	// ---------------------------------------------------------------------------------------------------------

	/** Leaves through the one sign-out path ($lib/auth/sign-out.ts), which stops this mailbox first. */
	private async leave(reason: SignOutReason): Promise<void> {
		if (this.phase === 'leaving') return;
		this.phase = 'leaving';
		await signOut(reason);
	}

	/** Called by the sign-out path once this device's data is gone. */
	signedOut(serverSessionEndsLater: boolean): void {
		this.phase = serverSessionEndsLater ? 'signed-out-offline' : 'leaving';
	}
}
