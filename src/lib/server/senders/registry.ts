import type { Db } from '../db/connection';
import { randomToken, sha256Hex } from '../crypto';
import type { SenderKind } from '../../schemas/letter';

export interface Sender {
	id: string;
	name: string;
	kind: SenderKind;
	idType: string;
	acceptsMessages: boolean;
}

interface SenderRow {
	id: string;
	name: string;
	kind: SenderKind;
	id_type: string;
	accepts_messages: number;
}

function toSender(row: SenderRow): Sender {
	return {
		id: row.id,
		name: row.name,
		kind: row.kind,
		idType: row.id_type,
		acceptsMessages: row.accepts_messages === 1
	};
}

/** Registers a sender and returns its API key; only the key's hash is stored. */
export function createSender(db: Db, sender: Sender, now = Date.now()): string {
	const apiKey = `pk_${randomToken(32)}`;
	db.prepare(
		`INSERT INTO senders (id, name, kind, id_type, accepts_messages, api_key_hash, created_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	).run(
		sender.id,
		sender.name,
		sender.kind,
		sender.idType,
		sender.acceptsMessages ? 1 : 0,
		sha256Hex(apiKey),
		now
	);
	return apiKey;
}

/** The sender an `Authorization: Bearer <key>` header belongs to, or null. */
export function senderByAuthorization(db: Db, header: string | null): Sender | null {
	const match = header?.match(/^Bearer\s+(\S{1,200})\s*$/i);
	if (!match) return null;
	const row = db
		.prepare('SELECT id, name, kind, id_type, accepts_messages FROM senders WHERE api_key_hash = ?')
		.get(sha256Hex(match[1]!)) as SenderRow | undefined;
	return row ? toSender(row) : null;
}

export function senderById(db: Db, id: string): Sender | null {
	const row = db
		.prepare('SELECT id, name, kind, id_type, accepts_messages FROM senders WHERE id = ?')
		.get(id) as SenderRow | undefined;
	return row ? toSender(row) : null;
}

/** Public authorities a citizen can write a new message to. */
export function listAuthorities(db: Db): { id: string; name: string }[] {
	return db
		.prepare("SELECT id, name FROM senders WHERE kind = 'public' AND accepts_messages = 1 ORDER BY name")
		.all() as { id: string; name: string }[];
}

export function listPrivateSenders(db: Db): { id: string; name: string }[] {
	return db.prepare("SELECT id, name FROM senders WHERE kind = 'private' ORDER BY name").all() as {
		id: string;
		name: string;
	}[];
}

export function optedInSenders(db: Db, mailboxId: string): string[] {
	return db
		.prepare('SELECT sender_id FROM private_sender_optins WHERE mailbox_id = ? ORDER BY sender_id')
		.pluck()
		.all(mailboxId) as string[];
}

export function isOptedIn(db: Db, mailboxId: string, senderId: string): boolean {
	return !!db
		.prepare('SELECT 1 FROM private_sender_optins WHERE mailbox_id = ? AND sender_id = ?')
		.get(mailboxId, senderId);
}

/** Replaces the citizen's private-sender opt-ins; unknown or public sender ids are ignored. */
export function setOptIns(db: Db, mailboxId: string, senderIds: readonly string[], now: number): void {
	const allowed = new Set(listPrivateSenders(db).map((s) => s.id));
	const wanted = new Set(senderIds.filter((id) => allowed.has(id)));
	const current = new Set(optedInSenders(db, mailboxId));
	const remove = db.prepare('DELETE FROM private_sender_optins WHERE mailbox_id = ? AND sender_id = ?');
	const add = db.prepare(
		'INSERT INTO private_sender_optins (mailbox_id, sender_id, created_at) VALUES (?, ?, ?)'
	);
	for (const id of current) if (!wanted.has(id)) remove.run(mailboxId, id);
	for (const id of wanted) if (!current.has(id)) add.run(mailboxId, id, now);
}
