import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/lib/server/db/engine';
import { claimRows, finishLease, leaseRows, workerId } from '../../src/lib/server/db/claim';
import { nextSeq } from '../../src/lib/server/db/sequence';
import {
	createMailbox,
	createSender,
	engines,
	engineUnderTest,
	insertLetter,
	type EngineUnderTest
} from './engines';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe.each(engines)('claiming background work on %s', (name) => {
	let engine: EngineUnderTest;
	let db: Database;
	let handles: Database[];
	beforeAll(async () => {
		engine = await engineUnderTest(name);
		db = await engine.open();
		// PostgreSQL: two more pools, as other app processes. SQLite: one connection per process.
		handles = name === 'postgres' ? [db, await engine.open(), await engine.open()] : [db];
		await db.exec(
			`CREATE TABLE test_jobs (id text PRIMARY KEY, due_at bigint NOT NULL, done_by text, done_count integer NOT NULL DEFAULT 0,
			 lease_owner text, lease_until bigint)`
		);
	});
	afterAll(() => engine.dispose());

	it('purges each due letter exactly once while four workers purge at the same time', async () => {
		const senderId = await createSender(db);
		const now = Date.now();
		const due = new Set<string>();
		for (let m = 0; m < 4; m++) {
			const { mailboxId } = await createMailbox(db);
			await db.tx(async (t) => {
				for (let i = 0; i < 12; i++) {
					const id = randomUUID();
					await insertLetter(t, {
						id,
						mailboxId,
						senderId,
						seq: await nextSeq(t, mailboxId),
						messageUuid: randomUUID(),
						now
					});
					await t.run(`UPDATE letters SET folder = 'trash', trashed_server_at = $1 WHERE id = $2`, [
						now - 1000,
						id
					]);
					due.add(id);
				}
			});
		}
		const purgedBy: string[][] = [[], [], [], []];
		const worker = async (w: number) => {
			for (;;) {
				const took = await handles[w % handles.length]!.tx(async (t) => {
					// Ordered by mailbox, so workers take mailbox row locks in the same order (no deadlock).
					const rows = await claimRows<{ id: string; mailbox_id: string }>(t, {
						table: 'letters',
						columns: 'id, mailbox_id',
						where: `deleted = FALSE AND folder = 'trash' AND trashed_server_at <= $1`,
						params: [now],
						orderBy: 'mailbox_id, id',
						limit: 5
					});
					for (const row of rows) {
						await turn();
						await t.run('UPDATE letters SET deleted = TRUE, seq = $1 WHERE id = $2', [
							await nextSeq(t, row.mailbox_id),
							row.id
						]);
						// Counted in the database too: a second purge of the same letter would show.
						await t.run('UPDATE letters SET changed_read = changed_read + 1 WHERE id = $1', [row.id]);
					}
					return rows.map((r) => r.id);
				});
				if (took.length === 0) return;
				purgedBy[w]!.push(...took);
			}
		};
		await Promise.all([0, 1, 2, 3].map(worker));
		const all = purgedBy.flat();
		expect(new Set(all).size).toBe(all.length);
		expect(new Set(all)).toEqual(due);
		expect(
			await db.value(
				`SELECT count(*) FROM letters WHERE folder = 'trash' AND (deleted = FALSE OR changed_read <> 1)`
			)
		).toBe(0);
		if (name === 'postgres') expect(purgedBy.filter((p) => p.length > 0).length).toBeGreaterThan(1);
	});

	it('hands each job to exactly one of four workers with leases', async () => {
		const now = Date.now();
		const ids = Array.from({ length: 40 }, () => randomUUID());
		for (const id of ids) await db.run('INSERT INTO test_jobs (id, due_at) VALUES ($1, $2)', [id, now - 10]);
		const doneBy = new Map<string, string[]>();
		const worker = async (w: number) => {
			const handle = handles[w % handles.length]!;
			const me = workerId();
			for (;;) {
				const jobs = await leaseRows<{ id: string; lease_owner: string }>(handle, {
					table: 'test_jobs',
					where: 'done_by IS NULL AND due_at <= $1',
					params: [now],
					orderBy: 'due_at, id',
					limit: 3,
					worker: me,
					leaseMs: 60_000,
					now
				});
				if (jobs.length === 0) return;
				for (const job of jobs) {
					expect(job.lease_owner).toBe(me);
					await turn(); // the "sending", outside any transaction
					(doneBy.get(job.id) ?? doneBy.set(job.id, []).get(job.id)!).push(me);
					const finished = await handle.tx((t) =>
						finishLease(
							t,
							'UPDATE test_jobs SET done_by = $1, done_count = done_count + 1, lease_owner = NULL, lease_until = NULL WHERE id = $2 AND lease_owner = $3',
							[me, job.id],
							me
						)
					);
					expect(finished).toBe(true);
				}
			}
		};
		await Promise.all([0, 1, 2, 3].map(worker));
		expect([...doneBy.keys()].sort()).toEqual([...ids].sort());
		expect([...doneBy.values()].every((by) => by.length === 1)).toBe(true);
		expect(await db.value('SELECT count(*) FROM test_jobs WHERE done_count <> 1')).toBe(0);
	});

	it('gives a dead worker’s job to another once its lease runs out, and refuses the late finish', async () => {
		const id = randomUUID();
		const t0 = 1_900_000_000_000;
		await db.run('INSERT INTO test_jobs (id, due_at) VALUES ($1, $2)', [id, t0]);
		const spec = {
			table: 'test_jobs',
			where: 'done_by IS NULL AND id = $1',
			params: [id],
			orderBy: 'id',
			limit: 1,
			leaseMs: 30_000
		};
		const dead = await leaseRows<{ id: string }>(db, { ...spec, worker: 'dead', now: t0 });
		expect(dead.map((j) => j.id)).toEqual([id]);
		expect(await leaseRows(db, { ...spec, worker: 'alive', now: t0 + 29_999 })).toEqual([]);
		const taken = await leaseRows<{ id: string; lease_owner: string }>(db, {
			...spec,
			worker: 'alive',
			now: t0 + 30_000
		});
		expect(taken.map((j) => j.lease_owner)).toEqual(['alive']);
		const finish = (worker: string) =>
			db.tx((t) =>
				finishLease(
					t,
					'UPDATE test_jobs SET done_by = $1 WHERE id = $2 AND lease_owner = $3',
					[worker, id],
					worker
				)
			);
		expect(await finish('dead')).toBe(false);
		expect(await finish('alive')).toBe(true);
		expect(await db.value('SELECT done_by FROM test_jobs WHERE id = $1', [id])).toBe('alive');
	});
});
