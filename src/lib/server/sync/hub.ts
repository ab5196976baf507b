import { EventEmitter } from 'node:events';
import type { SyncCollection } from '../../schemas/sync';

/**
 * In-process notifications "mailbox X changed in these collections", fired after a write commits.
 * One server process owns the database; with several processes this would become a pub/sub channel.
 */
const emitter = new EventEmitter();
// One listener per open stream (device × collection); no leak warning for many open devices.
emitter.setMaxListeners(0);

export type MailboxListener = (collections: ReadonlySet<SyncCollection>) => void;

export function notifyMailbox(mailboxId: string, collections: Iterable<SyncCollection>): void {
	const set = new Set(collections);
	if (set.size > 0) emitter.emit(`mailbox:${mailboxId}`, set);
}

export function subscribeMailbox(mailboxId: string, listener: MailboxListener): () => void {
	const event = `mailbox:${mailboxId}`;
	emitter.on(event, listener);
	return () => emitter.off(event, listener);
}

export function listenerCount(mailboxId: string): number {
	return emitter.listenerCount(`mailbox:${mailboxId}`);
}
