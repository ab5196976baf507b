import { EventEmitter } from 'node:events';

/**
 * "A helper's access to a mailbox changed" (ended, refused, level changed), fired after the change commits,
 * so open sync streams of that helper re-check their right at once. In-process, like sync/hub.ts.
 */
const emitter = new EventEmitter();
emitter.setMaxListeners(0);

const key = (mailboxId: string, helperId: string) => `${mailboxId}:${helperId}`;

export function accessChanged(mailboxId: string, helperId: string): void {
	emitter.emit(key(mailboxId, helperId));
}

export function onAccessChange(mailboxId: string, helperId: string, listener: () => void): () => void {
	emitter.on(key(mailboxId, helperId), listener);
	return () => emitter.off(key(mailboxId, helperId), listener);
}
