import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database, Tx } from '../../src/lib/server/db/engine';
import { latestSeq, lockMailbox, nextSeq, readAfter } from '../../src/lib/server/db/sequence';
import {
	createMailbox,
	createSender,
	engines,
	engineUnderTest,
	insertLetter,
	type EngineUnderTest
} from './engines';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A device's pull loop: reads pages after its checkpoint until it has caught up. */
async function pullAll(db: Database, mailboxId: string, from: number, limit: number) {
	let checkpoint = from;
	const ids: string[] = [];
	for (;;) {
		const page = await readAfter<{ id: string; seq: number }>(db, 'letters', mailboxId, checkpoint, limit);
		ids.push(...page.rows.map((r) => r.id));
		checkpoint = page.checkpoint;
		if (page.rows.length < limit) return { ids, checkpoint };
	}
}

describe.each(engines)('per-mailbox sequence on %s', (name) => {
	let engine: EngineUnderTest;
	let db: Database;
	beforeAll(async () => {
		engine = await engineUnderTest(name);
		db = await engine.open();
	});
	afterAll(() => engine.dispose());

	it('stays strictly increasing under concurrent writers, and a device pulling meanwhile misses no letter', async () => {
		const { mailboxId } = await createMailbox(db);
		const senderId = await createSender(db);
		// PostgreSQL: three pools, as three app processes have; SQLite: the process's one connection.
		const writers =
			name === 'postgres'
				? await Promise.all([engine.open({ poolMax: 4 }), engine.open({ poolMax: 4 })])
				: [db];
		const reader = name === 'postgres' ? await engine.open({ poolMax: 2 }) : db;

		const drawn: number[][] = [];
		const write = async (i: number) => {
			const handle = writers[i % writers.length]!;
			await handle
				.tx(async (t: Tx) => {
					const mine: number[] = [];
					t.afterCommit(() => void drawn.push(mine));
					// Some transactions write two letters, some roll back.
					for (let n = 0; n < 1 + (i % 3 === 0 ? 1 : 0); n++) {
						const seq = await nextSeq(t, mailboxId);
						mine.push(seq);
						await turn();
						await insertLetter(t, {
							id: randomUUID(),
							mailboxId,
							senderId,
							seq,
							messageUuid: randomUUID(),
							now: Date.now()
						});
					}
					if (i % 7 === 0) throw new Error('rolled back on purpose');
				})
				.catch((err: Error) => {
					if (err.message !== 'rolled back on purpose') throw err;
				});
		};

		let writing = true;
		const seen: string[] = [];
		const device = (async () => {
			let checkpoint = 0;
			while (writing) {
				const got = await pullAll(reader, mailboxId, checkpoint, 5);
				seen.push(...got.ids);
				checkpoint = got.checkpoint;
				await turn();
			}
			// One last pull after the writers stopped, as the RESYNC after the last wake would.
			seen.push(...(await pullAll(reader, mailboxId, checkpoint, 5)).ids);
		})();
		const batch = 16;
		for (let start = 0; start < 96; start += batch) {
			await Promise.all(Array.from({ length: batch }, (_, k) => write(start + k)));
		}
		writing = false;
		await device;

		const committed = await db.all<{ id: string; seq: number }>(
			'SELECT id, seq FROM letters WHERE mailbox_id = $1 ORDER BY seq',
			[mailboxId]
		);
		// Committed numbers are unique and dense: a rolled-back transaction's numbers are drawn again.
		const all = drawn.flat().sort((a, b) => a - b);
		expect(all).toEqual(committed.map((l) => l.seq));
		expect(all).toEqual(Array.from({ length: all.length }, (_, k) => k + 1));
		expect(await latestSeq(db, mailboxId)).toBe(all.length);
		for (const mine of drawn) expect(mine).toEqual([...mine].sort((a, b) => a - b));
		expect(drawn.length).toBeLessThan(96); // some transactions did roll back
		// The device saw every committed letter exactly once, and nothing that was rolled back.
		expect([...seen].sort()).toEqual(committed.map((l) => l.id).sort());
		expect(new Set(seen).size).toBe(seen.length);
	});

	it('reads a page and the latest number together, starting over from a checkpoint from the future', async () => {
		const { mailboxId } = await createMailbox(db);
		const senderId = await createSender(db);
		expect(await readAfter(db, 'letters', mailboxId, 0, 10)).toEqual({
			rows: [],
			checkpoint: 0,
			latest: 0,
			purged: 0,
			from: 0
		});
		const ids: string[] = [];
		await db.tx(async (t) => {
			for (let i = 0; i < 3; i++) {
				ids.push(randomUUID());
				await insertLetter(t, {
					id: ids[i]!,
					mailboxId,
					senderId,
					seq: await nextSeq(t, mailboxId),
					messageUuid: randomUUID(),
					now: i
				});
			}
			// A folder write takes a number too: letters skip it, and the checkpoint still reaches it.
			await t.run(
				'INSERT INTO folders (mailbox_id, id, seq, name, created_at, changed_name) VALUES ($1, $2, $3, $4, $5, $6)',
				[mailboxId, 'f1', await nextSeq(t, mailboxId), 'Skat', 1, 1]
			);
		});
		const page = await readAfter<{ id: string; seq: number; read: number }>(db, 'letters', mailboxId, 0, 2);
		expect(page.rows.map((r) => [r.id, r.seq, r.read])).toEqual([
			[ids[0], 1, 0],
			[ids[1], 2, 0]
		]);
		expect(page).toMatchObject({ checkpoint: 2, latest: 4 });
		expect(page.rows[0]).not.toHaveProperty('page_latest');
		const rest = await readAfter<{ id: string; seq: number }>(db, 'letters', mailboxId, 2, 2);
		expect(rest.rows.map((r) => r.id)).toEqual([ids[2]]);
		expect(rest.checkpoint).toBe(4);
		expect((await readAfter(db, 'letters', mailboxId, 4, 2)).rows).toEqual([]);
		// The device's checkpoint is beyond anything here (the database was replaced): from the start.
		const fromFuture = await readAfter<{ id: string; seq: number }>(db, 'letters', mailboxId, 99, 10);
		expect(fromFuture.rows.map((r) => r.id)).toEqual(ids);
		expect(fromFuture.checkpoint).toBe(4);
	});

	it('keeps delivery idempotent by the unique key when two processes deliver the same message at once', async () => {
		const { mailboxId } = await createMailbox(db);
		const senderId = await createSender(db);
		const messageUuid = randomUUID();
		const peers = name === 'postgres' ? [await engine.open(), await engine.open()] : [db, db];
		// PostgreSQL: both transactions pass the "delivered before?" read before either inserts.
		let arrived = 0;
		let release!: () => void;
		const bothRead = new Promise<void>((resolve) => (release = resolve));
		const meet = async () => {
			if (name !== 'postgres') return; // SQLite runs one write transaction at a time anyway
			if (++arrived === 2) release();
			await bothRead;
		};

		const deliver = (handle: Database) =>
			handle.tx(async (t) => {
				const stored = () =>
					t.one<{ letter_id: string }>(
						'SELECT letter_id FROM deliveries WHERE sender_id = $1 AND message_uuid = $2',
						[senderId, messageUuid]
					);
				const before = await stored();
				await meet();
				if (before) return { replay: true, letterId: before.letter_id };
				const letterId = randomUUID();
				const now = Date.now();
				// Claim the key first: the loser waits for the winner's commit, then inserts nothing.
				const claimed = await t.one(
					`INSERT INTO deliveries (sender_id, message_uuid, body_hash, letter_id, status, response, created_at)
					 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sender_id, message_uuid) DO NOTHING RETURNING letter_id`,
					[senderId, messageUuid, 'hash', letterId, 201, '{}', now]
				);
				if (!claimed) return { replay: true, letterId: (await stored())!.letter_id };
				await insertLetter(t, {
					id: letterId,
					mailboxId,
					senderId,
					seq: await nextSeq(t, mailboxId),
					messageUuid,
					now
				});
				return { replay: false, letterId };
			});

		const answers = await Promise.all([deliver(peers[0]!), deliver(peers[1]!)]);
		expect(answers.map((a) => a.replay).sort()).toEqual([false, true]);
		expect(answers[0]!.letterId).toBe(answers[1]!.letterId);
		expect(await db.value('SELECT count(*) FROM letters WHERE mailbox_id = $1', [mailboxId])).toBe(1);
		expect(await latestSeq(db, mailboxId)).toBe(1);
	});

	it('serializes pushes to one mailbox with lockMailbox, so no update is lost', async () => {
		const { mailboxId } = await createMailbox(db);
		const senderId = await createSender(db);
		const letterId = randomUUID();
		await db.tx(async (t) =>
			insertLetter(t, {
				id: letterId,
				mailboxId,
				senderId,
				seq: await nextSeq(t, mailboxId),
				messageUuid: randomUUID(),
				now: 1
			})
		);
		const peers = name === 'postgres' ? [await engine.open(), await engine.open()] : [db];
		// Each push reads the letter's seq, then writes only if nobody changed it (the sync conflict rule).
		const push = (i: number) =>
			peers[i % peers.length]!.tx(async (t) => {
				await lockMailbox(t, mailboxId);
				const cur = await t.value<number>('SELECT changed_read FROM letters WHERE id = $1', [letterId]);
				await turn();
				await t.run('UPDATE letters SET changed_read = $1, seq = $2 WHERE id = $3', [
					(cur ?? 0) + 1,
					await nextSeq(t, mailboxId),
					letterId
				]);
			});
		await Promise.all(Array.from({ length: 12 }, (_, i) => push(i)));
		expect(await db.value('SELECT changed_read FROM letters WHERE id = $1', [letterId])).toBe(12);
		expect(await latestSeq(db, mailboxId)).toBe(13);
	});
});

describe('per-mailbox sequence on PostgreSQL: commit order is sequence order', () => {
	let engine: EngineUnderTest;
	let watcher: pg.Client;
	beforeAll(async () => {
		engine = await engineUnderTest('postgres');
		watcher = new pg.Client({ connectionString: engine.where });
		await watcher.connect();
	});
	afterAll(async () => {
		await watcher.end();
		await engine.dispose();
	});

	/** Waits until a session of this database is blocked on a row lock while bumping a mailbox's sequence. */
	async function untilBlockedOnMailbox(): Promise<void> {
		for (;;) {
			const { rows } = await watcher.query(
				`SELECT count(*)::int AS n FROM pg_stat_activity
				 WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE mailboxes%'`
			);
			if (rows[0].n > 0) return;
			await turn();
		}
	}

	it('makes a second writer wait for the first to commit, so a reader never sees seq 2 before seq 1', async () => {
		const a = await engine.open();
		const b = await engine.open();
		const reader = await engine.open();
		const { mailboxId } = await createMailbox(a);
		const senderId = await createSender(a);
		const first = randomUUID();
		const second = randomUUID();

		let commitFirst!: () => void;
		const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
		let firstHasSeq!: () => void;
		const firstDrew = new Promise<void>((resolve) => (firstHasSeq = resolve));
		const txA = a.tx(async (t) => {
			const seq = await nextSeq(t, mailboxId);
			await insertLetter(t, { id: first, mailboxId, senderId, seq, messageUuid: randomUUID(), now: 1 });
			firstHasSeq();
			await firstMayCommit;
			return seq;
		});
		await firstDrew;
		const txB = b.tx(async (t) => {
			const seq = await nextSeq(t, mailboxId);
			await insertLetter(t, { id: second, mailboxId, senderId, seq, messageUuid: randomUUID(), now: 2 });
			return seq;
		});
		await untilBlockedOnMailbox();

		// While A is open and B waits: a device sees nothing yet, and its checkpoint stays at 0.
		const early = await pullAll(reader, mailboxId, 0, 10);
		expect(early).toEqual({ ids: [], checkpoint: 0 });

		commitFirst();
		expect(await txA).toBe(1);
		expect(await txB).toBe(2);
		const late = await pullAll(reader, mailboxId, early.checkpoint, 10);
		expect(late).toEqual({ ids: [first, second], checkpoint: 2 });
	});
});
