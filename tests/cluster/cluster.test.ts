import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBuiltServer } from '../../scripts/built-server.js';
import {
	createCitizen,
	deliverLetter,
	httpSession,
	letterInput,
	readDemo,
	recordDatabaseUrl,
	signInHttp,
	startSignIn,
	withDatabase,
	type HttpSession
} from '../fixtures/citizens';
import { schemaVersions } from '../../src/lib/schemas/sync-constants';
import { DAY } from '../../src/lib/server/config';
import { letter, pull, pushOk } from '../integration/sync/helpers';
import { accessAction, giveAccess, grantBetween } from '../fixtures/access';
import { PING_INTERVAL_MS } from '../../src/lib/server/sync/stream';

// Two app processes, A and B, on one PostgreSQL: they must behave as one server.
type Server = Awaited<ReturnType<typeof startBuiltServer>>;
const databaseUrl = inject('clusterDatabaseUrl');
const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-cluster-'));
recordDatabaseUrl(dataDir, databaseUrl);
let a: Server;
let b: Server;

async function startBoth(): Promise<[Server, Server]> {
	const start = () => startBuiltServer({ dataDir, databaseUrl, stdout: 'ignore' });
	const [first, second] = await Promise.all([start(), start()]);
	return [first, second];
}

beforeAll(async () => {
	// Both start at once on an empty database: migrations under the advisory lock, the demo seeded once.
	[a, b] = await startBoth();
});

afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	rmSync(dataDir, { recursive: true, force: true });
});

/** Reads an event stream's `data:` lines. */
function events(res: Response) {
	const seen: string[] = [];
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	const waiters: { count: number; resolve: () => void }[] = [];
	void (async () => {
		for (;;) {
			const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
			if (done) return;
			buffer += decoder.decode(value, { stream: true });
			for (let end; (end = buffer.indexOf('\n\n')) >= 0; buffer = buffer.slice(end + 2))
				for (const line of buffer.slice(0, end).split('\n'))
					if (line.startsWith('data: ')) seen.push(line.slice(6));
			for (const w of waiters.filter((w) => seen.length >= w.count)) w.resolve();
		}
	})();
	return {
		seen,
		waitFor: (count: number) =>
			seen.length >= count
				? Promise.resolve()
				: new Promise<void>((resolve) => waiters.push({ count, resolve })),
		close: () => reader.cancel()
	};
}

/** The same signed-in browser, talking to another process (the cookie is the session, wherever it lands). */
const on = (server: Server, session: HttpSession) => httpSession(server.baseUrl, session.jar);

function codeForm(code: string): RequestInit {
	return {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ code }).toString()
	};
}

describe('two app processes on one PostgreSQL', () => {
	it('seeded the demo once although both started on an empty database', async () => {
		const counts = await withDatabase(dataDir, async (db) => ({
			citizens: await db.value('SELECT count(*) FROM citizens'),
			senders: await db.value('SELECT count(*) FROM senders')
		}));
		expect(counts.citizens).toBe(1);
		expect(counts.senders).toBe(readDemo(dataDir).senders.length);
	});

	it('wakes a device connected to B when a letter is delivered through A', async () => {
		const citizen = await createCitizen(dataDir);
		const { session } = await signInHttp(b.baseUrl, citizen);
		const res = await session.fetch(`/api/sync/v1/letters/stream?v=${schemaVersions.letters}`, {
			headers: { accept: 'text/event-stream' }
		});
		expect(res.status).toBe(200);
		const stream = events(res);
		try {
			const answer = await deliverLetter(a.baseUrl, dataDir, letterInput(citizen.cpr));
			expect(answer.status).toBe(201);
			await stream.waitFor(1);
			expect(stream.seen).toEqual(['RESYNC']);
			// And B serves the letter A took in.
			expect((await letter(session, answer.body.letterId as string)).title).toBe('Testbrev');
		} finally {
			await stream.close();
		}
	});

	it('wakes a device on A when another device pushes a change through B, and A serves the change', async () => {
		const citizen = await createCitizen(dataDir);
		const { session } = await signInHttp(a.baseUrl, citizen);
		// Folders: nothing else wakes this collection, so the one RESYNC is the push's.
		const res = await session.fetch(`/api/sync/v1/folders/stream?v=${schemaVersions.folders}`, {
			headers: { accept: 'text/event-stream' }
		});
		expect(res.status).toBe(200);
		const stream = events(res);
		try {
			const folder = {
				id: randomUUID(),
				serverSeq: 0,
				name: 'Bolig',
				createdAt: Date.now(),
				changedAt: { name: Date.now() },
				_deleted: false
			};
			await pushOk(on(b, session), 'folders', [{ assumedMasterState: null, newDocumentState: folder }]);
			await stream.waitFor(1);
			expect(stream.seen).toEqual(['RESYNC']);
			expect((await pull(session, 'folders')).documents.map((f) => f.name)).toEqual(['Bolig']);
		} finally {
			await stream.close();
		}
	});

	it('locks the account after five wrong codes spread over A and B', async () => {
		const citizen = await createCitizen(dataDir);
		const { session, key } = await startSignIn(a.baseUrl, citizen);
		const wrong = citizen.codes[key] === '000000' ? '000001' : '000000';
		const statuses: number[] = [];
		for (const server of [a, b, a, b, a]) {
			const answer = await on(server, session).fetch('/login?/code', codeForm(wrong));
			statuses.push(answer.status);
		}
		expect(statuses).toEqual([400, 400, 400, 400, 423]);
		// The sixth try, through B with the right password: locked there too.
		const sixth = await httpSession(b.baseUrl).fetch('/login?/password', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: new URLSearchParams({ userId: citizen.userId, password: citizen.password }).toString()
		});
		expect(sixth.status).toBe(423);
	});

	it('purges each due letter once when both processes run the trash purge', async () => {
		const citizen = await createCitizen(dataDir);
		const { session } = await signInHttp(a.baseUrl, citizen);
		const count = 12;
		const ids: string[] = [];
		for (let i = 0; i < count; i++)
			ids.push(
				(await deliverLetter(i % 2 ? a.baseUrl : b.baseUrl, dataDir, letterInput(citizen.cpr))).body
					.letterId as string
			);
		const docs = await Promise.all(ids.map((id) => letter(session, id)));
		await pushOk(
			on(b, session),
			'letters',
			docs.map((doc) => ({
				assumedMasterState: doc,
				newDocumentState: { ...doc, folder: 'trash', trashedAt: Date.now() }
			}))
		);
		const before = await withDatabase(dataDir, async (db) => {
			await db.run('UPDATE letters SET trashed_server_at = $1 WHERE mailbox_id = $2', [
				Date.now() - 40 * DAY,
				citizen.mailboxId
			]);
			return db.value<number>('SELECT last_seq FROM mailboxes WHERE id = $1', [citizen.mailboxId]);
		});
		// Housekeeping runs at start: restart both at once, so both purge at the same moment.
		await Promise.all([a.stop(), b.stop()]);
		[a, b] = await startBoth();
		const after = await withDatabase(dataDir, async (db) => ({
			seq: await db.value<number>('SELECT last_seq FROM mailboxes WHERE id = $1', [citizen.mailboxId]),
			purged: await db.value<number>(
				"SELECT count(*) FROM letters WHERE mailbox_id = $1 AND deleted = TRUE AND title = '-'",
				[citizen.mailboxId]
			)
		}));
		expect(after.purged).toBe(count);
		// One new sequence number per letter: none was tombstoned twice.
		expect(after.seq! - before!).toBe(count);
	});
});

describe('access across processes', () => {
	it("ends a helper's stream on B at once when the owner ends the access through A", async () => {
		const owner = await createCitizen(dataDir);
		const helper = await createCitizen(dataDir, { name: 'Hjælper Hansen' });
		const ownerOnA = (await signInHttp(a.baseUrl, owner)).session;
		const helperOnB = (await signInHttp(b.baseUrl, helper)).session;
		await giveAccess(ownerOnA, helper, 'read');
		const grant = await grantBetween(dataDir, owner, helper);
		const res = await helperOnB.fetch(
			`/api/sync/v1/letters/stream?v=${schemaVersions.letters}&mailbox=${owner.mailboxId}`,
			{ headers: { accept: 'text/event-stream' } }
		);
		expect(res.status).toBe(200);
		const reader = res.body!.getReader();
		await reader.read(); // "connected"
		const ended = (async () => {
			for (;;) if ((await reader.read()).done) return Date.now();
		})();
		const endedAt = Date.now();
		expect(await accessAction(ownerOnA, 'end', { grant: grant.id })).toEqual({
			type: 'success',
			status: 200
		});
		// Well before the next ping (every 25 s), which would also have found the access gone.
		expect((await ended) - endedAt).toBeLessThan(PING_INTERVAL_MS / 2);
	});
});
