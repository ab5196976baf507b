import type { SyncCollection } from '../../schemas/sync';
import type { Database, Tx } from '../db/engine';
import { createHub, InProcessHub, type MailboxHub, type MailboxListener } from './mailbox-hub';

export type { MailboxListener };

/**
 * The process's hub: "mailbox X changed in these collections" wakes that mailbox's SSE streams in every app
 * process (in memory on SQLite, LISTEN/NOTIFY on PostgreSQL). Startup creates it for the database.
 */
let hub: MailboxHub | undefined;

/** Creates the hub that fits the engine and waits until wakes from other processes can arrive. */
export async function startHub(db: Database): Promise<void> {
	if (hub) return;
	const created = createHub(db);
	hub = created;
	await created.ready();
}

// Code that runs without startup (unit tests, scripts) gets the in-memory hub.
function current(): MailboxHub {
	return (hub ??= new InProcessHub());
}

/**
 * Wakes the mailbox's streams. Pass the transaction that wrote the change: the wake goes out when (and
 * only if) it commits. Without one, call it after the commit.
 */
export function notifyMailbox(
	mailboxId: string,
	collections: Iterable<SyncCollection>,
	t?: Tx
): Promise<void> {
	return current().notify(mailboxId, collections, t);
}

export function subscribeMailbox(mailboxId: string, listener: MailboxListener): () => void {
	return current().subscribe(mailboxId, listener);
}

export function listenerCount(mailboxId: string): number {
	return current().listenerCount(mailboxId);
}

/** Whether wakes from other processes can arrive (readyz). */
export function hubListening(): boolean {
	return hub !== undefined;
}

export async function stopHub(): Promise<void> {
	const stopping = hub;
	hub = undefined;
	await stopping?.close();
}
