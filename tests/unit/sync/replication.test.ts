import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createMailDatabase, type MailDatabase } from '../../../src/lib/db';
import { createFolder, moveLetter, queueOutgoing, setLetterRead } from '../../../src/lib/mail/actions';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';
import { replicateMailbox, type MailReplication } from '../../../src/lib/sync/replication';
import { FakeSyncServer } from './fake-server';
import { letter } from './fixtures';

interface Device {
	name: string;
	db: MailDatabase;
	replication: MailReplication;
}

const open: Device[] = [];

async function device(server: FakeSyncServer, name: string): Promise<Device> {
	const db = await createMailDatabase('citizen-1', 'memory', `test-${name}-${randomUUID().slice(0, 8)}`);
	const replication = replicateMailbox(db, {
		citizenId: 'citizen-1',
		origin: 'http://postkasse.test',
		fetch: server.fetchFor(name),
		eventSource: server.eventSourceFor(name),
		retryTime: 30
	});
	const d = { name, db, replication };
	open.push(d);
	return d;
}

afterEach(async () => {
	for (const d of open.splice(0)) {
		await d.replication.cancel();
		await d.db.remove();
	}
});

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

async function localLetter(d: Device, id: string): Promise<LetterDoc | null> {
	const doc = await d.db.letters.findOne(id).exec();
	return doc ? (doc.toJSON() as LetterDoc) : null;
}

describe('replication against the sync protocol', () => {
	it('brings a delivered letter to every device through the stream', async () => {
		const server = new FakeSyncServer();
		const a = await device(server, 'a');
		const b = await device(server, 'b');
		await a.replication.letters.awaitInitialReplication();
		const sent = server.deliver(letter());
		for (const d of [a, b]) {
			await until(async () => (await localLetter(d, sent.id)) !== null, `letter on ${d.name}`);
			expect(await localLetter(d, sent.id)).toMatchObject({ title: sent.title, serverSeq: sent.serverSeq });
		}
	});

	it('converges when one device marks a letter read and another, offline, moves it', async () => {
		const server = new FakeSyncServer();
		const delivered = server.deliver(letter());
		const a = await device(server, 'a');
		const b = await device(server, 'b');
		for (const d of [a, b]) await until(async () => !!(await localLetter(d, delivered.id)), `sync ${d.name}`);

		server.setOffline('b', true);
		await setLetterRead(a.db, delivered.id, true);
		await until(() => server.get<LetterDoc>('letters', delivered.id)?.read === true, 'read on the server');

		const folderId = await createFolder(b.db, 'Skat');
		await moveLetter(b.db, delivered.id, folderId);
		expect(await localLetter(b, delivered.id)).toMatchObject({ read: false, folder: folderId });

		server.setOffline('b', false);
		const converged = (l: LetterDoc | null | undefined) => l?.read === true && l.folder === folderId;
		await until(() => converged(server.get<LetterDoc>('letters', delivered.id)), 'merge on the server');
		await until(async () => converged(await localLetter(a, delivered.id)), 'merge on device a');
		await until(async () => converged(await localLetter(b, delivered.id)), 'merge on device b');
		expect(server.conflicts).toBeGreaterThanOrEqual(1);
		await until(async () => (await a.db.folders.findOne(folderId).exec())?.name === 'Skat', 'folder on a');
		expect(server.get('folders', folderId)).toMatchObject({ name: 'Skat' });
	});

	it('makes a push whose answer was lost harmless', async () => {
		const server = new FakeSyncServer();
		const delivered = server.deliver(letter());
		const a = await device(server, 'a');
		await until(async () => !!(await localLetter(a, delivered.id)), 'initial sync');
		const seqBefore = server.get<LetterDoc>('letters', delivered.id)!.serverSeq;

		server.loseNextPushAnswer.add('a');
		await moveLetter(a.db, delivered.id, 'archive');
		await until(() => server.conflicts > 0, 'the retried push');
		await until(async () => {
			const local = await localLetter(a, delivered.id);
			const remote = server.get<LetterDoc>('letters', delivered.id)!;
			return local?.serverSeq === remote.serverSeq && !a.replication.letters.isStoppedOrPaused();
		}, 'device caught up with the server');
		await a.replication.letters.awaitInSync();
		const onServer = server.get<LetterDoc>('letters', delivered.id)!;
		expect(onServer).toMatchObject({ folder: 'archive', read: false, trashedAt: null });
		expect(onServer.serverSeq).toBeGreaterThan(seqBefore);
		expect(await localLetter(a, delivered.id)).toMatchObject({
			folder: 'archive',
			serverSeq: onServer.serverSeq
		});
		// The retry met its own change as the one conflict and settled on it.
		expect(server.conflicts).toBe(1);
	});

	it("sends an outgoing message written offline and shows the server's verdict", async () => {
		const server = new FakeSyncServer();
		const a = await device(server, 'a');
		server.setOffline('a', true);
		const id = await queueOutgoing(a.db, {
			recipientId: 'skat',
			recipientName: 'Skattestyrelsen',
			inReplyTo: null,
			title: 'Spørgsmål',
			body: 'Hej'
		});
		expect((await a.db.outgoing.findOne(id).exec())?.status).toBe('waiting');
		server.setOffline('a', false);
		await until(async () => (await a.db.outgoing.findOne(id).exec())?.status === 'sent', 'sent status');
		expect(server.get<OutgoingDoc>('outgoing', id)).toMatchObject({ title: 'Spørgsmål', status: 'sent' });
	});

	it('removes a letter the server purged (tombstone)', async () => {
		const server = new FakeSyncServer();
		const delivered = server.deliver(letter());
		const a = await device(server, 'a');
		await until(async () => !!(await localLetter(a, delivered.id)), 'initial sync');
		server.deliver({ ...delivered, _deleted: true });
		await until(async () => (await localLetter(a, delivered.id)) === null, 'letter gone');
	});

	it('reports a schema version the server no longer knows', async () => {
		const server = new FakeSyncServer();
		let outdated = 0;
		const db = await createMailDatabase('citizen-1', 'memory', `test-old-${randomUUID().slice(0, 8)}`);
		const base = server.fetchFor('old');
		const replication = replicateMailbox(db, {
			citizenId: 'citizen-1',
			origin: 'http://postkasse.test',
			fetch: (input, init) => base(String(input).replace(/\bv=\d+/, 'v=99'), init),
			eventSource: server.eventSourceFor('old'),
			retryTime: 30,
			hooks: { onOutdated: () => (outdated += 1) }
		});
		open.push({ name: 'old', db, replication });
		await until(() => outdated > 0, '426 reported');
	});
});
