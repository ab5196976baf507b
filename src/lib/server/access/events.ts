import { EventEmitter } from 'node:events';
import { notifyMailbox } from '../sync/hub';

/**
 * "A helper's access to a mailbox changed" (ended, refused, level changed), fired after the change commits,
 * so open sync streams of that helper re-check their right at once: in this process through the emitter, in
 * the others through a wake of the mailbox (sync/hub.ts), since a stream checks its right before it speaks.
 */
const emitter = new EventEmitter();
emitter.setMaxListeners(0);

const key = (mailboxId: string, helperId: string) => `${mailboxId}:${helperId}`;

export function accessChanged(mailboxId: string, helperId: string): void {
	emitter.emit(key(mailboxId, helperId));
	// The owner's devices pull once for nothing; access changes are rare.
	notifyMailbox(mailboxId, ['letters', 'folders', 'outgoing']).catch((err: unknown) =>
		console.error('access change wake failed:', err instanceof Error ? err.message : err)
	);
}

export function onAccessChange(mailboxId: string, helperId: string, listener: () => void): () => void {
	emitter.on(key(mailboxId, helperId), listener);
	return () => emitter.off(key(mailboxId, helperId), listener);
}
