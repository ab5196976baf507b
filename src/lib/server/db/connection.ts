import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

/** Opens (creating if needed) a SQLite file, sets it up for one writer and many readers, migrates it. */
export function openDatabase(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	// Tests and fixtures open the same file from another process; wait instead of failing with SQLITE_BUSY.
	db.pragma('busy_timeout = 5000');
	db.pragma('synchronous = NORMAL');
	migrate(db);
	return db;
}

export function migrate(db: Db): void {
	const run = db.transaction(() => {
		const current = db.pragma('user_version', { simple: true }) as number;
		for (let version = current; version < migrations.length; version++) {
			db.exec(migrations[version]!);
			db.pragma(`user_version = ${version + 1}`);
		}
	});
	run.immediate();
}

/** Runs `fn` in an IMMEDIATE transaction: the write lock is taken first, so reads inside see the latest rows. */
export function write<T>(db: Db, fn: () => T): T {
	return db.transaction(fn).immediate();
}

/** Bumps the mailbox's checkpoint sequence and returns the new value (call inside a write transaction). */
export function nextSeq(db: Db, mailboxId: string): number {
	const row = db
		.prepare('UPDATE mailboxes SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq')
		.get(mailboxId) as { last_seq: number } | undefined;
	if (!row) throw new Error('mailbox not found');
	return row.last_seq;
}

export function latestSeq(db: Db, mailboxId: string): number {
	const row = db.prepare('SELECT last_seq FROM mailboxes WHERE id = ?').get(mailboxId) as
		{ last_seq: number } | undefined;
	return row?.last_seq ?? 0;
}
