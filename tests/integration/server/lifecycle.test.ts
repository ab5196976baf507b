import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBuiltServer } from '../../../scripts/built-server.js';
import { freshDatabaseUrl, recordDatabaseUrl, signedInCitizen } from '../../fixtures/citizens';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';

// Its own server: this file shuts it down.
const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-lifecycle-'));
let server: Awaited<ReturnType<typeof startBuiltServer>>;

beforeAll(async () => {
	// Without draining, an open event stream would hold the shutdown for this long (ten minutes).
	const databaseUrl = await freshDatabaseUrl(inject('databaseUrl'));
	recordDatabaseUrl(dataDir, databaseUrl);
	server = await startBuiltServer({
		dataDir,
		databaseUrl: databaseUrl || undefined,
		env: { SHUTDOWN_TIMEOUT: '600' }
	});
});

afterAll(async () => {
	await server.kill();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('health and shutdown', () => {
	it('answers liveness and readiness without a session, never cached', async () => {
		const live = await fetch(`${server.baseUrl}/healthz`);
		expect(live.status).toBe(200);
		expect(live.headers.get('cache-control')).toContain('no-store');
		expect(await live.json()).toEqual({ status: 'ok' });

		const ready = await fetch(`${server.baseUrl}/readyz`);
		expect(ready.status).toBe(200);
		expect(ready.headers.get('cache-control')).toContain('no-store');
		expect(await ready.json()).toEqual({ status: 'ready', database: 'ok' });
	});

	it('on SIGTERM ends open event streams and exits cleanly instead of waiting for them', async () => {
		const { session } = await signedInCitizen(server.baseUrl, dataDir);
		const res = await session.fetch(`/api/sync/v1/letters/stream?v=${schemaVersions.letters}`, {
			headers: { accept: 'text/event-stream' }
		});
		expect(res.status).toBe(200);
		const reader = res.body!.getReader();
		const first = await reader.read();
		expect(new TextDecoder().decode(first.value)).toContain(': connected');
		const ended = (async () => {
			for (;;) {
				const chunk = await reader.read().catch(() => ({ done: true }));
				if (chunk.done) return true;
			}
		})();

		const exitCode = await server.stop();
		expect(exitCode).toBe(0);
		expect(await ended).toBe(true);
		await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
	});
});
