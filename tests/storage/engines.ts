import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Database, EngineName } from '../../src/lib/server/db/engine';
import { openStorage } from '../../src/lib/server/db/open';

/**
 * One engine under test with a fresh, migrated database. `open()` gives another independent handle on
 * the same data, as a second app process would have: its own SQLite connection, or its own pool.
 */
export interface EngineUnderTest {
	name: EngineName;
	/** The URL (PostgreSQL) or file (SQLite) of this test's database. */
	where: string;
	open(options?: { poolMax?: number }): Promise<Database>;
	/** Closes every handle opened here and deletes the database. */
	dispose(): Promise<void>;
}

async function freshPostgres(): Promise<string> {
	const base = new URL(inject('postgresUrl'));
	const name = `t_${randomBytes(6).toString('hex')}`;
	const client = new pg.Client({ connectionString: base.href });
	await client.connect();
	try {
		await client.query(`CREATE DATABASE ${name}`);
	} finally {
		await client.end();
	}
	base.pathname = `/${name}`;
	return base.href;
}

async function dropPostgres(url: string): Promise<void> {
	const name = new URL(url).pathname.slice(1);
	const base = new URL(inject('postgresUrl'));
	const client = new pg.Client({ connectionString: base.href });
	await client.connect();
	try {
		await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	} finally {
		await client.end();
	}
}

export async function engineUnderTest(name: EngineName): Promise<EngineUnderTest> {
	const handles: Database[] = [];
	if (name === 'postgres') {
		const url = await freshPostgres();
		return {
			name,
			where: url,
			async open(options = {}) {
				const db = await openStorage({ url, poolMax: options.poolMax, applicationName: 'postkasse-test' });
				handles.push(db);
				return db;
			},
			async dispose() {
				await Promise.all(handles.map((db) => db.close()));
				await dropPostgres(url);
			}
		};
	}
	const dir = mkdtempSync(join(tmpdir(), 'postkasse-storage-'));
	const path = join(dir, 'test.db');
	return {
		name,
		where: path,
		async open() {
			const db = await openStorage({ path });
			handles.push(db);
			return db;
		},
		async dispose() {
			await Promise.all(handles.map((db) => db.close()));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export const engines: EngineName[] = ['sqlite', 'postgres'];

/** A fresh database of this engine for the enclosing `describe`: opened before its tests, removed after. */
export function useEngine(name: EngineName): { readonly engine: EngineUnderTest; readonly db: Database } {
	let engine: EngineUnderTest | undefined;
	let db: Database | undefined;
	beforeAll(async () => {
		engine = await engineUnderTest(name);
		db = await engine.open();
	});
	afterAll(() => engine?.dispose());
	return {
		get engine() {
			return engine!;
		},
		get db() {
			return db!;
		}
	};
}

/** A citizen with a mailbox (the rows every mailbox test needs). */
export async function createMailbox(
	db: Database,
	now = Date.now()
): Promise<{ citizenId: string; mailboxId: string }> {
	const citizenId = randomUUID();
	const mailboxId = randomUUID();
	await db.tx(async (t) => {
		await t.run('INSERT INTO citizens (id, user_id, cpr, name, created_at) VALUES ($1, $2, $3, $4, $5)', [
			citizenId,
			`user-${citizenId}`,
			randomBytes(5).toString('hex'),
			'Test Citizen',
			now
		]);
		await t.run('INSERT INTO mailboxes (id, citizen_id) VALUES ($1, $2)', [mailboxId, citizenId]);
	});
	return { citizenId, mailboxId };
}

/** A sender that letters can come from. */
export async function createSender(db: Database, now = Date.now()): Promise<string> {
	const id = `sender-${randomUUID()}`;
	await db.run(
		'INSERT INTO senders (id, name, kind, id_type, accepts_messages, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
		[id, 'Test Authority', 'public', 'MyndighedsID', true, now]
	);
	return id;
}

/** The smallest letter row the schema accepts, at the given sequence number. */
export function insertLetter(
	t: Pick<Database, 'run'>,
	letter: { id: string; mailboxId: string; senderId: string; seq: number; messageUuid: string; now: number }
): Promise<number> {
	return t.run(
		`INSERT INTO letters (id, mailbox_id, seq, sender_id, message_uuid, sender_name, sender_kind, title,
		 notification, created_at, received_at, reply_allowed, legal_notification, mandatory, thread_id, documents)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $1, $15)`,
		[
			letter.id,
			letter.mailboxId,
			letter.seq,
			letter.senderId,
			letter.messageUuid,
			'Test Authority',
			'public',
			'A letter',
			'',
			new Date(letter.now).toISOString(),
			letter.now,
			false,
			false,
			false,
			'[]'
		]
	);
}
