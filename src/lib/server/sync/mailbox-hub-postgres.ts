import pg from 'pg';
import { syncCollectionName, type SyncCollection } from '../../schemas/sync';
import type { Tx } from '../db/engine';
import type { PostgresDatabase } from '../db/postgres-engine';
import { allCollections, LocalFanout, type MailboxListener } from './fanout';
import type { MailboxHub } from './mailbox-hub';

const channelOf = (collection: SyncCollection) => `postkasse_${collection}`;
const collectionOf = new Map(syncCollectionName.options.map((c) => [channelOf(c), c] as const));

const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * PostgreSQL LISTEN/NOTIFY between app processes. Every process keeps one dedicated connection that
 * listens on one channel per collection; a write sends NOTIFY <channel>, '<mailbox id>' (nothing else:
 * no personal data leaves the transaction). PostgreSQL delivers it at COMMIT to every listener, this
 * process included, so local streams are woken the same way as remote ones.
 *
 * When the listening connection breaks, wakes sent meanwhile are lost: after reconnecting, every
 * mailbox with an open stream here is woken once, and its devices pull what they missed.
 */
export class PostgresHub implements MailboxHub {
	private readonly fanout = new LocalFanout();
	private client: pg.Client | undefined;
	/** The connection being set up or in use; events from older ones are ignored. */
	private attempt: pg.Client | undefined;
	private closing = false;
	private delay = RECONNECT_FIRST_MS;
	private timer: NodeJS.Timeout | undefined;
	private readonly listening: Promise<void>;
	private markListening!: () => void;
	/** How many times the listening connection was (re)established; tests watch it. */
	connections = 0;

	constructor(private readonly db: PostgresDatabase) {
		this.listening = new Promise((resolve) => (this.markListening = resolve));
		void this.connect();
	}

	private async connect(): Promise<void> {
		this.timer = undefined;
		if (this.closing) return;
		const client = new pg.Client(this.db.clientConfig('postkasse-hub'));
		this.attempt = client;
		client.on('notification', (message) => {
			const collection = collectionOf.get(message.channel);
			if (collection && message.payload) this.fanout.emit(message.payload, new Set([collection]));
		});
		client.on('error', (err) => {
			console.error('PostgreSQL hub connection failed:', err.message);
			this.lost(client);
		});
		client.on('end', () => this.lost(client));
		try {
			await client.connect();
			await client.query(syncCollectionName.options.map((c) => `LISTEN ${channelOf(c)};`).join(' '));
		} catch (err) {
			console.error('PostgreSQL hub could not listen:', (err as Error).message);
			this.lost(client);
			return;
		}
		if (this.closing || client !== this.attempt) {
			client.removeAllListeners('end');
			await client.end().catch(() => {});
			return;
		}
		this.client = client;
		this.delay = RECONNECT_FIRST_MS;
		const reconnected = this.connections > 0;
		this.connections++;
		this.markListening();
		// Anything sent while we were not listening is lost: have every open stream here pull once.
		if (reconnected)
			for (const mailboxId of this.fanout.mailboxes()) this.fanout.emit(mailboxId, allCollections);
	}

	private lost(client: pg.Client): void {
		client.removeAllListeners('end');
		client.end().catch(() => {});
		if (client !== this.attempt) return; // an old connection, already replaced
		this.attempt = undefined;
		if (this.client === client) this.client = undefined;
		if (this.closing || this.timer) return;
		this.timer = setTimeout(() => void this.connect(), this.delay);
		this.timer.unref();
		this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
	}

	async notify(mailboxId: string, collections: Iterable<SyncCollection>, t?: Tx): Promise<void> {
		for (const collection of new Set(collections)) {
			const sql = 'SELECT pg_notify($1, $2)';
			const params = [channelOf(collection), mailboxId];
			// Inside the transaction: PostgreSQL sends it at COMMIT, and never after a rollback.
			if (t) await t.run(sql, params);
			else await this.db.run(sql, params);
		}
	}

	subscribe(mailboxId: string, listener: MailboxListener): () => void {
		return this.fanout.subscribe(mailboxId, listener);
	}

	listenerCount(mailboxId: string): number {
		return this.fanout.listenerCount(mailboxId);
	}

	ready(): Promise<void> {
		return this.listening;
	}

	/** The listening connection's server process id (tests end it to prove reconnecting). */
	async listenerPid(): Promise<number | undefined> {
		const client = this.client;
		if (!client) return undefined;
		return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
	}

	async close(): Promise<void> {
		this.closing = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		const client = this.client;
		this.client = undefined;
		if (client) {
			client.removeAllListeners('end');
			await client.end().catch(() => {});
		}
	}
}
