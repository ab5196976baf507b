/**
 * An in-process stand-in for the sync endpoints, speaking the wire protocol of src/lib/schemas/sync.ts
 * (per-mailbox sequence) and deciding every push by the same sync contract the real server uses
 * (src/lib/sync/contract.ts). It lets the unit tests drive the real replication code of several devices
 * through conflicts; the real server is exercised by the integration and browser tests.
 */
import type { FolderDoc } from '../../../src/lib/schemas/folder';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';
import type { PushRow, SyncCollection } from '../../../src/lib/schemas/sync';
import {
	decideFolderPush,
	decideLetterPush,
	decideOutgoingPush,
	type PushDecision
} from '../../../src/lib/sync/contract';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';

type Doc = LetterDoc | FolderDoc | OutgoingDoc;
type Row = PushRow<Doc>;

export class FakeSyncServer {
	seq = 0;
	readonly tables: Record<SyncCollection, Map<string, Doc>> = {
		letters: new Map(),
		folders: new Map(),
		outgoing: new Map()
	};
	/** Devices whose network is down. */
	readonly offline = new Set<string>();
	/** The next push from this device is applied, but its answer is lost. */
	readonly loseNextPushAnswer = new Set<string>();
	/** While true, every push waits at the server until `releasePush()` lets the oldest one through. */
	holdPushes = false;
	private readonly heldPushes: (() => void)[] = [];
	pushes = 0;
	conflicts = 0;
	/** Pushes answered 403 (a forbidden row refuses the whole push). */
	refusedPushes = 0;
	private readonly streams = new Set<{ device: string; source: FakeEventSourceBase }>();

	deliver(letter: LetterDoc): LetterDoc {
		const stored = { ...letter, serverSeq: ++this.seq };
		this.tables.letters.set(letter.id, stored);
		this.notify();
		return stored;
	}

	/** How many pushes wait at the server. */
	get waitingPushes(): number {
		return this.heldPushes.length;
	}

	releasePush(): void {
		this.heldPushes.shift()?.();
	}

	get<T extends Doc>(collection: SyncCollection, id: string): T | undefined {
		return this.tables[collection].get(id) as T | undefined;
	}

	setOffline(device: string, offline: boolean): void {
		if (offline) {
			this.offline.add(device);
			for (const stream of this.streams) if (stream.device === device) stream.source.fail();
		} else {
			this.offline.delete(device);
			for (const stream of this.streams) if (stream.device === device) stream.source.reconnect();
		}
	}

	private notify(): void {
		for (const stream of this.streams) if (!this.offline.has(stream.device)) stream.source.message();
	}

	fetchFor(device: string): typeof fetch {
		return async (input, init) => {
			if (this.offline.has(device)) throw new TypeError('Failed to fetch');
			const url = new URL(String(input));
			const [, , , , collection, action] = url.pathname.split('/') as [
				'',
				'api',
				'sync',
				'v1',
				SyncCollection,
				string
			];
			if (url.searchParams.get('v') !== String(schemaVersions[collection]))
				return json(426, { error: 'upgrade_required', message: 'old' });
			if (action === 'pull') {
				const checkpoint = Number(url.searchParams.get('checkpoint') ?? 0);
				const limit = Number(url.searchParams.get('limit') ?? 200);
				const documents = [...this.tables[collection].values()]
					.filter((doc) => doc.serverSeq > checkpoint)
					.sort((a, b) => a.serverSeq - b.serverSeq)
					.slice(0, limit);
				const last = documents.at(-1)?.serverSeq ?? checkpoint;
				return json(200, { documents, checkpoint: { seq: last }, latestSeq: this.seq });
			}
			if (action === 'push') {
				const { rows } = JSON.parse(String(init?.body)) as { rows: Row[] };
				if (this.holdPushes) await new Promise<void>((release) => this.heldPushes.push(release));
				if (this.offline.has(device)) throw new TypeError('Failed to fetch');
				// As the real server: one forbidden row refuses the whole push.
				for (const row of rows) {
					const decision = this.decide(
						collection,
						this.tables[collection].get(row.newDocumentState.id) ?? null,
						row
					);
					if (decision.kind === 'forbidden') {
						this.refusedPushes += 1;
						return json(403, { error: 'forbidden_change', message: decision.message, field: decision.field });
					}
				}
				const conflicts = rows.flatMap((row) => this.write(collection, row));
				this.pushes += 1;
				this.conflicts += conflicts.length;
				if (rows.length > conflicts.length) this.notify();
				if (this.loseNextPushAnswer.delete(device)) throw new TypeError('Failed to fetch');
				return json(200, { conflicts });
			}
			return json(404, { error: 'not_found', message: 'no such endpoint' });
		};
	}

	/** Attachment id → the base64 bytes a device pushed with a new message. */
	readonly attachmentContent = new Map<string, string | undefined>();

	/** As the real server: a new message's file bytes are kept apart, the synced message lists the files. */
	private takeFiles(doc: Doc): Doc {
		const files = (doc as { attachments?: { id: string; content?: string }[] }).attachments;
		if (!files) return doc;
		return {
			...doc,
			attachments: files.map(({ content, ...file }) => {
				this.attachmentContent.set(file.id, content);
				return file;
			})
		} as Doc;
	}

	private write(collection: SyncCollection, row: Row): Doc[] {
		const table = this.tables[collection];
		const current = table.get(row.newDocumentState.id) ?? null;
		const decision = this.decide(collection, current, row);
		switch (decision.kind) {
			case 'forbidden': // refused before anything was written (see fetchFor)
				return [];
			case 'conflict':
				return [decision.current];
			case 'unchanged':
				return [];
			case 'create': {
				let doc = decision.doc;
				// The real server decides by its business rules; here every message goes out.
				if (collection === 'outgoing' && !doc._deleted)
					doc = { ...this.takeFiles(doc), status: 'sent', sentAt: Date.now() };
				table.set(doc.id, { ...doc, serverSeq: ++this.seq });
				return [];
			}
			case 'update':
				table.set(decision.doc.id, { ...decision.doc, serverSeq: ++this.seq });
				return [];
		}
	}

	private decide(collection: SyncCollection, current: Doc | null, row: Row): PushDecision<Doc> {
		if (collection === 'letters') {
			return decideLetterPush(current as LetterDoc | null, row as PushRow<LetterDoc>, Date.now());
		}
		if (collection === 'folders') {
			return decideFolderPush(current as FolderDoc | null, row as PushRow<FolderDoc>);
		}
		return decideOutgoingPush(current as OutgoingDoc | null, row as PushRow<OutgoingDoc>);
	}

	eventSourceFor(device: string): typeof EventSource {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const server = this;
		class FakeEventSource extends FakeEventSourceBase {
			constructor(url: string) {
				super(url);
				const entry = { device, source: this as FakeEventSourceBase };
				server.streams.add(entry);
				this.closeHook = () => server.streams.delete(entry);
				if (server.offline.has(device)) queueMicrotask(() => this.fail());
				else queueMicrotask(() => this.open());
			}
		}
		return FakeEventSource as unknown as typeof EventSource;
	}
}

class FakeEventSourceBase {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSED = 2;
	readyState = 0;
	onopen: (() => void) | null = null;
	onmessage: ((event: { data: string }) => void) | null = null;
	onerror: (() => void) | null = null;
	protected closeHook: (() => void) | null = null;

	constructor(readonly url: string) {}

	open(): void {
		if (this.readyState === 2) return;
		this.readyState = 1;
		this.onopen?.();
	}
	message(): void {
		if (this.readyState === 1) this.onmessage?.({ data: 'RESYNC' });
	}
	/** The browser keeps retrying a dropped stream; it stays CONNECTING. */
	fail(): void {
		if (this.readyState === 2) return;
		this.readyState = 0;
		this.onerror?.();
	}
	reconnect(): void {
		this.open();
	}
	close(): void {
		this.readyState = 2;
		this.closeHook?.();
	}
}

function json(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
