import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { SyncCollection } from '../../src/lib/schemas/sync';
import type { Database } from '../../src/lib/server/db/engine';
import type { PostgresDatabase } from '../../src/lib/server/db/postgres-engine';
import { createHub, type MailboxHub } from '../../src/lib/server/sync/mailbox-hub';
import { PostgresHub } from '../../src/lib/server/sync/mailbox-hub-postgres';
import { engines, engineUnderTest, type EngineUnderTest } from './engines';

/** Collects a mailbox's wakes; `until` resolves once the given collections have all arrived. */
function watch(hub: MailboxHub, mailboxId: string) {
	const seen: SyncCollection[] = [];
	let check = () => {};
	const unsubscribe = hub.subscribe(mailboxId, (collections) => {
		seen.push(...collections);
		check();
	});
	return {
		seen,
		unsubscribe,
		until: (...wanted: SyncCollection[]) =>
			new Promise<void>((resolve) => {
				check = () => {
					if (wanted.every((c) => seen.includes(c))) resolve();
				};
				check();
			})
	};
}

describe.each(engines)('mailbox hub on %s', (name) => {
	let engine: EngineUnderTest;
	let db: Database;
	let hub: MailboxHub;
	beforeAll(async () => {
		engine = await engineUnderTest(name);
		db = await engine.open();
		hub = createHub(db);
		await hub.ready();
	});
	afterAll(async () => {
		await hub.close();
		await engine.dispose();
	});

	it('wakes the streams of the mailbox that changed, with the collections that changed', async () => {
		const mine = randomUUID();
		const other = randomUUID();
		const a = watch(hub, mine);
		const b = watch(hub, other);
		expect(hub.listenerCount(mine)).toBe(1);
		await hub.notify(mine, ['letters', 'folders']);
		await hub.notify(other, ['outgoing']);
		await a.until('letters', 'folders');
		await b.until('outgoing');
		expect(a.seen).not.toContain('outgoing');
		expect(b.seen).toEqual(['outgoing']);
		a.unsubscribe();
		b.unsubscribe();
		expect(hub.listenerCount(mine)).toBe(0);
	});

	it('sends a wake given a transaction only when it commits, never after a rollback', async () => {
		const mailboxId = randomUUID();
		const w = watch(hub, mailboxId);
		await expect(
			db.tx(async (t) => {
				await hub.notify(mailboxId, ['folders'], t);
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		await db.tx(async (t) => {
			await hub.notify(mailboxId, ['letters'], t);
			// Not before the commit.
			expect(w.seen).toEqual([]);
		});
		await w.until('letters');
		// Wakes arrive in commit order, so the rolled-back one would have come first: it never will.
		expect(w.seen).toEqual(['letters']);
		w.unsubscribe();
	});
});

describe('mailbox hub across processes (PostgreSQL LISTEN/NOTIFY)', () => {
	let engine: EngineUnderTest;
	let hubA: PostgresHub;
	let hubB: PostgresHub;
	let dbA: Database;
	beforeAll(async () => {
		engine = await engineUnderTest('postgres');
		// Two pools with a hub each: two app processes.
		dbA = await engine.open();
		const dbB = await engine.open();
		hubA = new PostgresHub(dbA as PostgresDatabase);
		hubB = new PostgresHub(dbB as PostgresDatabase);
		await Promise.all([hubA.ready(), hubB.ready()]);
	});
	afterAll(async () => {
		await Promise.all([hubA.close(), hubB.close()]);
		await engine.dispose();
	});

	it('wakes streams held by process B when process A writes, and A’s own streams too', async () => {
		const mailboxId = randomUUID();
		const onB = watch(hubB, mailboxId);
		const onA = watch(hubA, mailboxId);
		await dbA.tx(async (t) => hubA.notify(mailboxId, ['letters'], t));
		await Promise.all([onB.until('letters'), onA.until('letters')]);
		onA.unsubscribe();
		onB.unsubscribe();
	});

	it('carries nothing but the mailbox id', async () => {
		const mailboxId = randomUUID();
		const payloads: string[] = [];
		const pg = await import('pg');
		const spy = new pg.default.Client({ connectionString: engine.where });
		await spy.connect();
		spy.on('notification', (m) => payloads.push(`${m.channel} ${m.payload}`));
		await spy.query('LISTEN postkasse_letters; LISTEN postkasse_folders; LISTEN postkasse_outgoing');
		const got = new Promise<void>((resolve) => spy.once('notification', () => resolve()));
		await hubA.notify(mailboxId, ['outgoing']);
		await got;
		await spy.end();
		expect(payloads).toEqual([`postkasse_outgoing ${mailboxId}`]);
	});

	it('listens again after its connection is cut, wakes its streams once, and keeps receiving', async () => {
		const mailboxId = randomUUID();
		const onB = watch(hubB, mailboxId);
		const pid = await hubB.listenerPid();
		expect(pid).toBeTypeOf('number');
		const before = hubB.connections;
		await dbA.value('SELECT pg_terminate_backend($1)', [pid!]);
		// After reconnecting, B wakes every open stream (a wake may have been lost while it was away).
		await onB.until('letters', 'folders', 'outgoing');
		expect(hubB.connections).toBe(before + 1);
		expect(await hubB.listenerPid()).not.toBe(pid);
		onB.seen.length = 0;
		await hubA.notify(mailboxId, ['folders']);
		await onB.until('folders');
		onB.unsubscribe();
	});
});
