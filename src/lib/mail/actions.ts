/**
 * What a citizen does to the mailbox, as local writes. Each works offline; the replication pushes it later.
 * `changedAt` records the device clock per field, which the merge uses only to break a genuine tie.
 */
import type { MailDatabase } from '$lib/db';
import type { OutgoingAttachment } from '$lib/schemas/outgoing';
import { trashedAtFor } from '$lib/sync/contract';
import { newId } from './ids';

export interface Draft {
	recipientId: string;
	recipientName: string;
	inReplyTo: string | null;
	title: string;
	body: string;
	/** A letter from the mailbox sent on (the server fills in the rest); `body` is then the comment. */
	forward?: { letterId: string };
	/** The files' bytes wait in the draft store (./draft-store.ts) until the message is pushed. */
	attachments: OutgoingAttachment[];
}

/** Returns false when there was nothing to change. */
export async function setLetterRead(
	db: MailDatabase,
	id: string,
	read: boolean,
	now: number = Date.now()
): Promise<boolean> {
	const doc = await db.letters.findOne(id).exec();
	if (!doc) throw new Error(`letter ${id} not found`);
	if (doc.read === read) return false;
	await doc.incrementalModify((data) => {
		data.read = read;
		data.changedAt = { ...data.changedAt, read: now };
		return data;
	});
	return true;
}

/** Moves a letter; 'trash' starts the purge clock, anywhere else stops it. */
export async function moveLetter(
	db: MailDatabase,
	id: string,
	folder: string,
	now: number = Date.now()
): Promise<boolean> {
	const doc = await db.letters.findOne(id).exec();
	if (!doc) throw new Error(`letter ${id} not found`);
	if (doc.folder === folder) return false;
	await doc.incrementalModify((data) => {
		data.folder = folder;
		data.trashedAt = trashedAtFor(folder, null, now);
		data.changedAt = { ...data.changedAt, folder: now };
		return data;
	});
	return true;
}

export async function createFolder(
	db: MailDatabase,
	name: string,
	now: number = Date.now()
): Promise<string> {
	const id = newId();
	await db.folders.insert({ id, serverSeq: 0, name, createdAt: now, changedAt: { name: now } });
	return id;
}

export async function renameFolder(
	db: MailDatabase,
	id: string,
	name: string,
	now: number = Date.now()
): Promise<boolean> {
	const doc = await db.folders.findOne(id).exec();
	if (!doc || doc.name === name) return false;
	await doc.incrementalModify((data) => {
		data.name = name;
		data.changedAt = { name: now };
		return data;
	});
	return true;
}

/** Deletes a folder. Its letters stay as they are and are listed in the inbox ($lib/mail/folders.ts). */
export async function deleteFolder(db: MailDatabase, id: string): Promise<boolean> {
	const doc = await db.folders.findOne(id).exec();
	if (!doc) return false;
	await doc.remove();
	return true;
}

/**
 * Queues a message to send. `writtenBy` (a helper writing in someone else's mailbox) shows "You wrote this"
 * at once, offline too; the server sets the same from the signed-in helper and never takes it from a device.
 */
export async function queueOutgoing(
	db: MailDatabase,
	draft: Draft,
	now: number = Date.now(),
	writtenBy?: { id: string; name: string }
): Promise<string> {
	const id = newId();
	await db.outgoing.insert({
		id,
		serverSeq: 0,
		recipientId: draft.recipientId,
		recipientName: draft.recipientName,
		inReplyTo: draft.inReplyTo,
		title: draft.title.trim(),
		body: draft.body.trim(),
		...(draft.forward ? { forward: { letterId: draft.forward.letterId } } : {}),
		attachments: draft.attachments,
		...(writtenBy ? { writtenBy } : {}),
		createdAt: now,
		status: 'waiting',
		failure: null,
		sentAt: null
	});
	return id;
}
