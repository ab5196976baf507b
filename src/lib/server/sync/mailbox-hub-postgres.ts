import pg from 'pg';
import { syncCollectionName, type SyncCollection } from '../../schemas/sync';
import type { Tx } from '../db/engine';
import { valueRows } from '../db/sql';
import type { PostgresDatabase } from '../db/postgres-engine';
import { allCollections, LocalFanout, type MailboxListener } from './fanout';
import type { MailboxHub } from './mailbox-hub';

const channelOf = (collection: SyncCollection) => `postkasse_${collection}`;
const collectionOf = new Map(syncCollectionName.options.map((c) => [channelOf(c), c] as const));

const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/** Wakes per NOTIFY statement: well under PostgreSQL's parameter cap. */
const WAKES_PER_STATEMENT = 1_000;

/**
 * PostgreSQL LISTEN/NOTIFY between app processes. Every process keeps one dedicated connection that
 * listens on one channel per collection; a write sends NOTIFY <channel>, '<mailbox id>' (nothing else:
 * no personal data leaves the transaction). PostgreSQL delivers it to every listener, this process
 * included, so local streams are woken the same way as remote ones.
 *
 * The NOTIFY goes out after the writing transaction has committed (never after a rollback), gathered with
 * the other wakes of that moment into one small transaction. Not inside the writing transaction: PostgreSQL
 * lets only one transaction with a NOTIFY commit at a time, holding a database-wide lock through its WAL
 * flush, which made every delivery wait in one line (the scale bench: 46 % of active sessions waiting on
 * that lock, deliveries/s flat from one process to two). A process that dies between the commit and its
 * NOTIFY loses that wake; the devices pull the change at their next wake or reconnect.
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
	/** Wakes waiting for the next NOTIFY transaction: "<collection> <mailbox id>" (a set drops repeats). */
	private outgoing = new Set<string>();
	private sending: Promise<void> | undefined;

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
		const wakes = [...new Set(collections)].map((collection) => `${collection} ${mailboxId}`);
		if (t) t.afterCommit(() => this.send(wakes));
		else await this.send(wakes);
	}

	/** Queues wakes; resolves once a NOTIFY transaction carrying them has committed (or failed). */
	private send(wakes: readonly string[]): Promise<void> {
		for (const wake of wakes) this.outgoing.add(wake);
		// One NOTIFY transaction at a time; what arrives meanwhile goes out together in the next.
		this.sending ??= (async () => {
			while (this.outgoing.size > 0 && !this.closing) {
				const batch = [...this.outgoing];
				this.outgoing = new Set();
				await this.notifyAll(batch);
			}
		})().finally(() => (this.sending = undefined));
		return this.sending;
	}

	private async notifyAll(batch: readonly string[]): Promise<void> {
		const wakes = batch.map((wake) => {
			const space = wake.indexOf(' ');
			return { collection: wake.slice(0, space) as SyncCollection, mailboxId: wake.slice(space + 1) };
		});
		try {
			await this.db.tx(async (t) => {
				// A wake needs no durability: its commit need not wait for the disk.
				await t.run('SET LOCAL synchronous_commit TO OFF');
				for (let i = 0; i < wakes.length; i += WAKES_PER_STATEMENT) {
					const chunk = wakes.slice(i, i + WAKES_PER_STATEMENT);
					await t.run(
						`SELECT pg_notify(c, m) FROM (VALUES ${valueRows(chunk.length, 2)}) AS w(c, m)`,
						chunk.flatMap((w) => [channelOf(w.collection), w.mailboxId])
					);
				}
			});
		} catch (err) {
			// The database is away: other processes miss these wakes (their devices' pulls fail now anyway);
			// this process's own streams still hear them.
			console.error('PostgreSQL hub could not send wakes:', (err as Error).message);
			for (const w of wakes) this.fanout.emit(w.mailboxId, new Set([w.collection]));
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
