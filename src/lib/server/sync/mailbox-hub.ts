import type { SyncCollection } from '../../schemas/sync';
import type { Database, Tx } from '../db/engine';
import { PostgresDatabase } from '../db/postgres-engine';
import { LocalFanout, type MailboxListener } from './fanout';
import { PostgresHub } from './mailbox-hub-postgres';

export type { MailboxListener };

/**
 * "Mailbox X changed in these collections": wakes the SSE streams of that mailbox in every app process.
 * The same interface as hub.ts; with SQLite (one process) it stays in memory, with PostgreSQL it
 * travels by LISTEN/NOTIFY, one channel per collection, the payload the mailbox id only.
 */
export interface MailboxHub {
	/**
	 * Wakes the mailbox's streams. Given the transaction that wrote the change, the wake goes out only
	 * when (and if) it commits; without one, call it after the commit.
	 */
	notify(mailboxId: string, collections: Iterable<SyncCollection>, t?: Tx): Promise<void>;
	subscribe(mailboxId: string, listener: MailboxListener): () => void;
	listenerCount(mailboxId: string): number;
	/** Resolves once wakes from other processes can arrive (PostgreSQL: LISTEN is in place). */
	ready(): Promise<void>;
	close(): Promise<void>;
}

/** SQLite: one process owns the database, so wakes stay in memory. */
export class InProcessHub implements MailboxHub {
	private readonly fanout = new LocalFanout();

	async notify(mailboxId: string, collections: Iterable<SyncCollection>, t?: Tx): Promise<void> {
		const set = new Set(collections);
		if (t) t.afterCommit(() => this.fanout.emit(mailboxId, set));
		else this.fanout.emit(mailboxId, set);
	}

	subscribe(mailboxId: string, listener: MailboxListener): () => void {
		return this.fanout.subscribe(mailboxId, listener);
	}

	listenerCount(mailboxId: string): number {
		return this.fanout.listenerCount(mailboxId);
	}

	async ready(): Promise<void> {}

	async close(): Promise<void> {}
}

/** The hub that fits the engine. */
export function createHub(db: Database): MailboxHub {
	return db instanceof PostgresDatabase ? new PostgresHub(db) : new InProcessHub();
}
