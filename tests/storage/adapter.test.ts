import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/lib/server/db/engine';
import { StorageMisuse } from '../../src/lib/server/db/engine';
import { placeholders, valueRows } from '../../src/lib/server/db/sql';
import { isUniqueViolation } from '../../src/lib/server/db/errors';
import {
	createMailbox,
	createSender,
	engines,
	engineUnderTest,
	insertLetter,
	type EngineUnderTest
} from './engines';

// The same body runs against each engine: domain code written once must behave the same on both.
describe.each(engines)('storage adapter on %s', (name) => {
	let engine: EngineUnderTest;
	let db: Database;

	beforeAll(async () => {
		engine = await engineUnderTest(name);
		db = await engine.open();
	});
	afterAll(() => engine.dispose());

	it('says which engine it is', () => {
		expect(db.engine).toBe(name);
	});

	it('round-trips ms times, flags, files, text and null with the same JS types', async () => {
		const { mailboxId } = await createMailbox(db);
		const senderId = await createSender(db);
		const letterId = randomUUID();
		const now = 1_893_456_000_123; // 2030, beyond 32 bits
		await insertLetter(db, { id: letterId, mailboxId, senderId, seq: 1, messageUuid: randomUUID(), now });
		const content = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80]);
		await db.run(
			`INSERT INTO files (id, mailbox_id, letter_id, filename, content_type, language, size, sha256, content)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			[
				'f1-' + letterId,
				mailboxId,
				letterId,
				'Årsopgørelse 2030 ✓.pdf',
				'application/pdf',
				null,
				8,
				'x',
				content
			]
		);
		await db.run('UPDATE letters SET read = $1, trashed_at = $2 WHERE id = $3', [true, now + 1, letterId]);

		const letter = await db.one<{
			received_at: number;
			read: number;
			mandatory: number;
			trashed_at: number;
			case_id: null;
		}>('SELECT received_at, read, mandatory, trashed_at, case_id FROM letters WHERE id = $1', [letterId]);
		expect(letter).toEqual({ received_at: now, read: 1, mandatory: 0, trashed_at: now + 1, case_id: null });
		const file = await db.one<{ filename: string; content: Buffer; size: number; language: null }>(
			'SELECT filename, content, size, language FROM files WHERE letter_id = $1',
			[letterId]
		);
		expect(file?.filename).toBe('Årsopgørelse 2030 ✓.pdf');
		expect(Buffer.isBuffer(file?.content)).toBe(true);
		expect(file?.content.equals(content)).toBe(true);
		expect(file?.language).toBeNull();
		// Uint8Array binds like a Buffer.
		await db.run('UPDATE files SET content = $1 WHERE letter_id = $2', [new Uint8Array([1, 2, 3]), letterId]);
		expect(
			(await db.value<Buffer>('SELECT content FROM files WHERE letter_id = $1', [letterId]))?.equals(
				Buffer.from([1, 2, 3])
			)
		).toBe(true);
	});

	it('compares flags with TRUE/FALSE and counts as numbers', async () => {
		const { mailboxId } = await createMailbox(db);
		const senderId = await createSender(db);
		for (let seq = 1; seq <= 3; seq++) {
			await insertLetter(db, {
				id: randomUUID(),
				mailboxId,
				senderId,
				seq,
				messageUuid: randomUUID(),
				now: Date.now()
			});
		}
		await db.run('UPDATE letters SET read = TRUE WHERE mailbox_id = $1 AND seq = $2', [mailboxId, 2]);
		expect(
			await db.value('SELECT count(*) FROM letters WHERE mailbox_id = $1 AND read = FALSE', [mailboxId])
		).toBe(2);
		expect(
			await db.value('SELECT count(*) FROM letters WHERE mailbox_id = $1 AND read = $2', [mailboxId, 1])
		).toBe(1);
		expect(
			await db.value('SELECT count(*) FROM letters WHERE mailbox_id = $1 AND NOT deleted', [mailboxId])
		).toBe(3);
	});

	it('binds repeated placeholders, IN lists, ON CONFLICT and RETURNING the same way', async () => {
		const key = `k-${randomUUID()}`;
		expect(
			await db.run('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, 'a'])
		).toBe(1);
		expect(
			await db.run('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, 'b'])
		).toBe(0);
		const updated = await db.one<{ value: string }>(
			'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value || $2 RETURNING value',
			[key, 'c']
		);
		expect(updated).toEqual({ value: 'cc' });
		const keys = [key, `k-${randomUUID()}`, `k-${randomUUID()}`];
		await db.run(`INSERT INTO meta (key, value) VALUES ($1, $3), ($2, $3)`, [keys[1]!, keys[2]!, 'z']);
		const rows = await db.all<{ key: string }>(
			`SELECT key FROM meta WHERE key IN (${placeholders(1, 3)}) ORDER BY key`,
			keys
		);
		expect(rows.map((r) => r.key)).toEqual([...keys].sort());
		expect(await db.one('SELECT key FROM meta WHERE key = $1', ['nothing'])).toBeUndefined();
		expect(await db.all('SELECT key FROM meta WHERE key = $1', ['nothing'])).toEqual([]);
		expect(await db.value('SELECT value FROM meta WHERE key = $1', ['nothing'])).toBeUndefined();
	});

	it('inserts many rows in one statement and names a unique violation the same way', async () => {
		const keys = Array.from({ length: 148 }, (_, i) => `many-${i}-${randomUUID()}`);
		expect(
			await db.run(
				`INSERT INTO meta (key, value) VALUES ${valueRows(keys.length, 2)}`,
				keys.flatMap((k) => [k, 'v'])
			)
		).toBe(148);
		const duplicate = await db
			.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [keys[0]!, 'again'])
			.catch((err: unknown) => err);
		expect(isUniqueViolation(duplicate)).toBe(true);
		expect(isUniqueViolation(duplicate, 'meta_pkey', 'meta.key')).toBe(true);
		expect(isUniqueViolation(duplicate, 'citizens_cpr_key', 'citizens.cpr')).toBe(false);
		const { citizenId } = await createMailbox(db);
		const cpr = await db.value<string>('SELECT cpr FROM citizens WHERE id = $1', [citizenId]);
		const sameCpr = await createMailbox(db)
			.then(({ citizenId: other }) => db.run('UPDATE citizens SET cpr = $1 WHERE id = $2', [cpr!, other]))
			.catch((err: unknown) => err);
		expect(isUniqueViolation(sameCpr, 'citizens_cpr_key', 'citizens.cpr')).toBe(true);
		expect(isUniqueViolation(new Error('other'))).toBe(false);
	});

	it('keeps user IDs case-insensitive and unique, also beyond ASCII where the engine can', async () => {
		const { citizenId } = await createMailbox(db);
		const userId = `Søren-${citizenId.slice(0, 8)}`;
		await db.run('UPDATE citizens SET user_id = $1 WHERE id = $2', [userId, citizenId]);
		expect(
			await db.value('SELECT id FROM citizens WHERE user_id = $1', [userId.toUpperCase().replace('Ø', 'ø')])
		).toBe(citizenId);
		const other = await createMailbox(db);
		await expect(
			db.run('UPDATE citizens SET user_id = $1 WHERE id = $2', [userId.toLowerCase(), other.citizenId])
		).rejects.toThrow();
	});

	it('commits a transaction whole, rolls it back whole, and runs afterCommit only after a commit', async () => {
		const key = `tx-${randomUUID()}`;
		const events: string[] = [];
		const result = await db.tx(async (t) => {
			await t.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [key, 'one']);
			t.afterCommit(() => void events.push('committed'));
			events.push('body');
			return 42;
		});
		expect(result).toBe(42);
		expect(events).toEqual(['body', 'committed']);

		await expect(
			db.tx(async (t) => {
				await t.run('UPDATE meta SET value = $1 WHERE key = $2', ['two', key]);
				t.afterCommit(() => void events.push('never'));
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await db.value('SELECT value FROM meta WHERE key = $1', [key])).toBe('one');
		expect(events).toEqual(['body', 'committed']);

		// A failing statement inside rolls back what came before it.
		await expect(
			db.tx(async (t) => {
				await t.run('UPDATE meta SET value = $1 WHERE key = $2', ['three', key]);
				await t.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [key, 'duplicate']);
			})
		).rejects.toThrow();
		expect(await db.value('SELECT value FROM meta WHERE key = $1', [key])).toBe('one');
	});

	it('never lets two transactions interleave, and no reader sees a write before its commit', async () => {
		const key = `iso-${randomUUID()}`;
		await db.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [key, '0']);
		// PostgreSQL: a second pool, as another process has. SQLite: one connection per process, so the
		// same handle; its transactions must still wait for each other.
		const peer = name === 'postgres' ? await engine.open() : db;
		let running = true;
		const seen: string[] = [];
		const reader = (async () => {
			while (running) {
				seen.push(String(await peer.value('SELECT value FROM meta WHERE key = $1', [key])));
				await new Promise((resolve) => setImmediate(resolve));
			}
		})();
		// Ten read-modify-write increments at once; each first writes a value nobody may ever see.
		await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				(i % 2 ? peer : db).tx(async (t) => {
					const value = Number(await t.value('SELECT value FROM meta WHERE key = $1 FOR UPDATE', [key]));
					await t.run('UPDATE meta SET value = $1 WHERE key = $2', ['uncommitted', key]);
					// Hand the event loop to everyone else mid-transaction.
					await new Promise((resolve) => setImmediate(resolve));
					await t.run('UPDATE meta SET value = $1 WHERE key = $2', [String(value + 1), key]);
				})
			)
		);
		running = false;
		await reader;
		expect(await db.value('SELECT value FROM meta WHERE key = $1', [key])).toBe('10');
		expect(seen.length).toBeGreaterThan(0);
		expect(seen).not.toContain('uncommitted');
		const numbers = seen.map(Number);
		expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
	});

	it('gives a snapshot one consistent view and refuses writes in it', async () => {
		const key = `snap-${randomUUID()}`;
		await db.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [key, 'before']);
		const other = await engine.open();
		const seen = await db.snapshot(async (s) => {
			const first = await s.value<string>('SELECT value FROM meta WHERE key = $1', [key]);
			// Another connection commits a change meanwhile (SQLite's WAL lets it write beside a reader).
			await other.run('UPDATE meta SET value = $1 WHERE key = $2', ['after', key]);
			const second = await s.value<string>('SELECT value FROM meta WHERE key = $1', [key]);
			return [first, second];
		});
		expect(seen).toEqual(['before', 'before']);
		expect(await db.value('SELECT value FROM meta WHERE key = $1', [key])).toBe('after');
		await expect(db.snapshot((s) => s.run('DELETE FROM meta WHERE key = $1', [key]))).rejects.toThrow();
	});

	it('refuses misuse the same way on both engines', async () => {
		const misuse = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(StorageMisuse);
		await misuse(db.one('SELECT key FROM meta WHERE key = ?', ['x']));
		await misuse(db.one('SELECT key FROM meta WHERE key LIKE $1', ['x%']));
		await misuse(db.run('INSERT OR IGNORE INTO meta (key, value) VALUES ($1, $2)', ['x', 'y']));
		await misuse(db.one('SELECT key::text FROM meta WHERE key = $1', ['x']));
		await misuse(db.one('SELECT key FROM meta WHERE key = $1', []));
		await misuse(db.one('SELECT key FROM meta WHERE key = $2', ['x', 'y']));
		await misuse(db.one('SELECT key FROM meta WHERE key = $1', [undefined as unknown as string]));
		await misuse(db.one('SELECT last_seq FROM mailboxes WHERE id = $1 FOR UPDATE', ['x']));
		// Inside a transaction only its handle may be used; a nested one is refused, not deadlocked.
		await misuse(db.tx(async () => db.one('SELECT 1 AS one FROM meta')));
		await misuse(db.tx(async () => db.tx(async () => 1)));
		// A query the body forgot to await, run after the body returned.
		let leaked: Promise<unknown> | undefined;
		await db.tx(async (t) => {
			leaked = new Promise((resolve) => setImmediate(resolve))
				.then(() => t.one('SELECT 1 AS one FROM meta'))
				.catch((err: unknown) => err);
		});
		expect(await leaked).toBeInstanceOf(StorageMisuse);
		// A quote or comment with a ? or $ inside is text, not a placeholder.
		const key = `q-${randomUUID()}`;
		await db.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [key, 'v']);
		expect(await db.value("SELECT 'what? $1 costs' -- really?\n AS v FROM meta WHERE key = $1", [key])).toBe(
			'what? $1 costs'
		);
	});

	it('reports health: reachable and migrated', async () => {
		expect(await db.health()).toEqual({ reachable: true, migrated: true });
	});
});
