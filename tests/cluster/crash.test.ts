import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBuiltServer } from '../../scripts/built-server.js';
import {
	createCitizen,
	freshDatabaseUrl,
	httpSession,
	recordDatabaseUrl,
	senderApiKey,
	signInHttp
} from '../fixtures/citizens';
import { schemaVersions } from '../../src/lib/schemas/sync-constants';
import type { OutgoingDoc } from '../../src/lib/schemas/outgoing';
import { outgoingDoc, pullAll, push } from '../integration/sync/helpers';

// A process killed with SIGKILL in the middle of a push: the other process goes on serving, and the device's
// retried push lands once (PostgreSQL either committed the dead process's transaction or rolled it back).
type Server = Awaited<ReturnType<typeof startBuiltServer>>;
const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-cluster-crash-'));
let databaseUrl: string;
let survivor: Server;

beforeAll(async () => {
	databaseUrl = await freshDatabaseUrl(inject('clusterDatabaseUrl'));
	recordDatabaseUrl(dataDir, databaseUrl);
	survivor = await startBuiltServer({ dataDir, databaseUrl });
});

afterAll(async () => {
	await survivor?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('a process that dies mid-push', () => {
	it('kill -9 during a 100-message push: retried on the other process, every message is stored and handed over once', async () => {
		const citizen = await createCitizen(dataDir);
		const doomed = await startBuiltServer({ dataDir, databaseUrl });
		const jar = (await signInHttp(doomed.baseUrl, citizen)).session.jar;
		const messages = Array.from({ length: 100 }, () => outgoingDoc());
		const rows = messages.map((m) => ({ assumedMasterState: null, newDocumentState: m }));

		// Send the push to the doomed process and kill it the moment the whole request has been written.
		const body = JSON.stringify({ rows });
		const first = await new Promise<number | 'connection lost'>((resolve) => {
			const req = request(
				new URL(`/api/sync/v1/outgoing/push?v=${schemaVersions.outgoing}`, doomed.baseUrl),
				{
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body),
						origin: doomed.baseUrl,
						cookie: jar.header()
					}
				},
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				}
			);
			req.on('error', () => resolve('connection lost'));
			req.on('finish', () => void doomed.kill());
			req.end(body);
		});
		await doomed.kill();
		expect([200, 'connection lost']).toContain(first);

		// The device retries the same push on the surviving process.
		const onSurvivor = httpSession(survivor.baseUrl, jar);
		const retried = await push(onSurvivor, 'outgoing', rows);
		expect(retried.status).toBe(200);
		const conflicts = ((await retried.json()) as { conflicts: OutgoingDoc[] }).conflicts;
		// Either the dead process committed (every row answered with the stored state) or it rolled back.
		expect([0, 100]).toContain(conflicts.length);

		const stored = await pullAll(onSurvivor, 'outgoing');
		const ids = messages.map((m) => m.id).sort();
		expect(stored.map((d) => d.id).sort()).toEqual(ids);
		expect(stored.every((d) => d.status === 'sent')).toBe(true);

		// The authority collects each message once.
		const apiKey = senderApiKey(dataDir, 'skat');
		const handed: string[] = [];
		for (let after = '0'; ;) {
			const res = await fetch(new URL(`/api/v1/replies?after=${after}&limit=500`, survivor.baseUrl), {
				headers: { authorization: `Bearer ${apiKey}` }
			});
			expect(res.status).toBe(200);
			const page = (await res.json()) as { replies: { id: string }[]; cursor: string; hasMore: boolean };
			handed.push(...page.replies.map((r) => r.id).filter((id) => ids.includes(id)));
			if (!page.hasMore) break;
			after = page.cursor;
		}
		expect(handed.sort()).toEqual(ids);
	});
});
