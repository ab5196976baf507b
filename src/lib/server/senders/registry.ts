import type { Queryable, Tx } from '../db/engine';
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
export async function createSender(t: Tx, sender: Sender, now = Date.now()): Promise<string> {
	const apiKey = `pk_${randomToken(32)}`;
	await t.run(
		`INSERT INTO senders (id, name, kind, id_type, accepts_messages, api_key_hash, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		[sender.id, sender.name, sender.kind, sender.idType, sender.acceptsMessages, sha256Hex(apiKey), now]
	);
	return apiKey;
}

/** The sender an `Authorization: Bearer <key>` header belongs to, or null. */
export async function senderByAuthorization(q: Queryable, header: string | null): Promise<Sender | null> {
	const match = header?.match(/^Bearer\s+(\S{1,200})\s*$/i);
	if (!match) return null;
	const row = await q.one<SenderRow>(
		'SELECT id, name, kind, id_type, accepts_messages FROM senders WHERE api_key_hash = $1',
		[sha256Hex(match[1]!)]
	);
	return row ? toSender(row) : null;
}

export async function senderById(q: Queryable, id: string): Promise<Sender | null> {
	const row = await q.one<SenderRow>(
		'SELECT id, name, kind, id_type, accepts_messages FROM senders WHERE id = $1',
		[id]
	);
	return row ? toSender(row) : null;
}

/** Public authorities a citizen can write a new message to. */
export function listAuthorities(q: Queryable): Promise<{ id: string; name: string }[]> {
	return q.all(
		"SELECT id, name FROM senders WHERE kind = 'public' AND accepts_messages = TRUE ORDER BY name"
	);
}

export function listPrivateSenders(q: Queryable): Promise<{ id: string; name: string }[]> {
	return q.all("SELECT id, name FROM senders WHERE kind = 'private' ORDER BY name");
}

export async function optedInSenders(q: Queryable, mailboxId: string): Promise<string[]> {
	const rows = await q.all<{ sender_id: string }>(
		'SELECT sender_id FROM private_sender_optins WHERE mailbox_id = $1 ORDER BY sender_id',
		[mailboxId]
	);
	return rows.map((r) => r.sender_id);
}

export async function isOptedIn(q: Queryable, mailboxId: string, senderId: string): Promise<boolean> {
	return !!(await q.one(
		'SELECT 1 AS hit FROM private_sender_optins WHERE mailbox_id = $1 AND sender_id = $2',
		[mailboxId, senderId]
	));
}

/** Replaces the citizen's private-sender opt-ins; unknown or public sender ids are ignored. */
export async function setOptIns(
	t: Tx,
	mailboxId: string,
	senderIds: readonly string[],
	now: number
): Promise<void> {
	const allowed = new Set((await listPrivateSenders(t)).map((s) => s.id));
	const wanted = new Set(senderIds.filter((id) => allowed.has(id)));
	const current = new Set(await optedInSenders(t, mailboxId));
	for (const id of current) {
		if (!wanted.has(id))
			await t.run('DELETE FROM private_sender_optins WHERE mailbox_id = $1 AND sender_id = $2', [
				mailboxId,
				id
			]);
	}
	for (const id of wanted) {
		if (!current.has(id))
			await t.run(
				'INSERT INTO private_sender_optins (mailbox_id, sender_id, created_at) VALUES ($1, $2, $3)',
				[mailboxId, id, now]
			);
	}
}
