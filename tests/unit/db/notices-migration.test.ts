import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src/lib/server/db/migrations';

// Migration 10 rebuilds `notices` (SQLite cannot change a CHECK). Notices queued before it, and the letters
// they are about, must come through whole: dropping `notices` while `notice_letters` still pointed at it
// would have cascade-deleted those rows.
function migrateTo(db: Database.Database, version: number): void {
	db.transaction(() => {
		for (let v = db.pragma('user_version', { simple: true }) as number; v < version; v++) {
			db.exec(migrations[v]!);
			db.pragma(`user_version = ${v + 1}`);
		}
	}).immediate();
}

describe('migration 10 (access notices)', () => {
	it('keeps queued notices and their letters, and then takes access notices', () => {
		const db = new Database(':memory:');
		db.pragma('foreign_keys = ON');
		migrateTo(db, 9);
		db.exec(`
			INSERT INTO citizens (id, user_id, cpr, name, created_at) VALUES ('c1', 'u1', '0101801234', 'A', 0);
			INSERT INTO mailboxes (id, citizen_id) VALUES ('m1', 'c1');
			INSERT INTO senders (id, name, kind, id_type, created_at) VALUES ('s1', 'SKAT', 'public', 'CVR', 0);
			INSERT INTO letters (id, mailbox_id, seq, sender_id, message_uuid, sender_name, sender_kind, title,
				notification, created_at, received_at, reply_allowed, legal_notification, mandatory, thread_id, documents)
			VALUES ('l1', 'm1', 1, 's1', 'u', 'SKAT', 'public', 'T', '', '2026-01-01T00:00:00Z', 0, 0, 0, 0, 't1', '[]');
		`);
		db.exec(`
			INSERT INTO notices (id, citizen_id, kind, channel, target, status, due_at, created_at)
			VALUES ('n1', 'c1', 'letters', 'email', '', 'pending', 5, 5);
			INSERT INTO notice_letters (notice_id, letter_id) VALUES ('n1', 'l1');
		`);

		migrateTo(db, 10);

		expect(db.prepare('SELECT id, kind, status, due_at FROM notices').all()).toEqual([
			{ id: 'n1', kind: 'letters', status: 'pending', due_at: 5 }
		]);
		expect(db.prepare('SELECT notice_id, letter_id FROM notice_letters').all()).toEqual([
			{ notice_id: 'n1', letter_id: 'l1' }
		]);
		expect(db.pragma('foreign_key_check')).toEqual([]);
		// notice_letters points at the new table: deleting the notice takes its letters with it.
		db.exec("DELETE FROM notices WHERE id = 'n1'");
		expect(db.prepare('SELECT count(*) FROM notice_letters').pluck().get()).toBe(0);

		// An access notice needs its grant and event; a letter notice may have neither.
		const insert = db.prepare(
			`INSERT INTO notices (id, citizen_id, kind, channel, target, status, due_at, created_at, grant_id, access_event)
			 VALUES (?, 'c1', ?, 'email', '', 'pending', 0, 0, ?, ?)`
		);
		expect(() => insert.run('n2', 'access', null, null)).toThrow(/CHECK/);
		expect(() => insert.run('n3', 'letters', null, 'ended')).toThrow(/CHECK/);
		db.exec(`INSERT INTO citizens (id, user_id, cpr, name, created_at) VALUES ('c2', 'u2', '0101801235', 'B', 0);
			INSERT INTO access_grants (id, mailbox_id, helper_id, level, status, asked_by, created_at)
			VALUES ('g1', 'm1', 'c2', 'read', 'active', 'owner', 0);`);
		insert.run('n4', 'access', 'g1', 'started');
		expect(db.prepare("SELECT kind FROM notices WHERE id = 'n4'").pluck().get()).toBe('access');
	});
});
