import { EventEmitter } from 'node:events';
import { syncCollectionName, type SyncCollection } from '../../schemas/sync';

export type MailboxListener = (collections: ReadonlySet<SyncCollection>) => void;

export const allCollections: ReadonlySet<SyncCollection> = new Set(syncCollectionName.options);

/** The in-process part both hubs share: one event per mailbox, one listener per open stream. */
export class LocalFanout {
	private readonly emitter = new EventEmitter();

	constructor() {
		// One listener per open stream (device × collection); no leak warning for many open devices.
		this.emitter.setMaxListeners(0);
	}

	emit(mailboxId: string, collections: ReadonlySet<SyncCollection>): void {
		if (collections.size > 0) this.emitter.emit(`mailbox:${mailboxId}`, collections);
	}

	subscribe(mailboxId: string, listener: MailboxListener): () => void {
		const event = `mailbox:${mailboxId}`;
		this.emitter.on(event, listener);
		return () => this.emitter.off(event, listener);
	}

	listenerCount(mailboxId: string): number {
		return this.emitter.listenerCount(`mailbox:${mailboxId}`);
	}

	/** Mailboxes with at least one open stream here. */
	mailboxes(): string[] {
		return this.emitter
			.eventNames()
			.map(String)
			.filter((name) => name.startsWith('mailbox:'))
			.map((name) => name.slice('mailbox:'.length));
	}
}
