import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startBuiltServer } from '../../scripts/built-server.js';
import { startPostgres } from '../../scripts/postgres.js';
import { recordDatabaseUrl } from '../fixtures/citizens';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Base URL of the real built server, e.g. http://127.0.0.1:41234 */
		baseUrl: string;
		/** Folder holding the server's SQLite file (or `database-url`) and demo.json. */
		dataDir: string;
		/** The server's PostgreSQL database ('' on SQLite); tests with a server of their own make a new one. */
		databaseUrl: string;
		/** Process id of the server, to read its memory use. */
		serverPid: number;
	}
}

/**
 * Starts the built app (the same `build/` that `npm start` serves) on a free port with a fresh database:
 * SQLite in a temp folder, or for the `…-pg` project a throwaway PostgreSQL (scripts/postgres.js).
 */
export default async function setup(project: TestProject) {
	const onPostgres = project.name.endsWith('-pg');
	const pg = onPostgres ? await startPostgres() : undefined;
	if (pg) console.log(`integration tests on ${pg.version} at 127.0.0.1:${pg.port}`);
	const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-it-'));
	recordDatabaseUrl(dataDir, pg?.url);
	const server = await startBuiltServer({ dataDir, databaseUrl: pg?.url, stdout: 'inherit' });
	project.provide('baseUrl', server.baseUrl);
	project.provide('dataDir', dataDir);
	project.provide('serverPid', server.pid);
	project.provide('databaseUrl', pg?.url ?? '');

	return async () => {
		await server.stop();
		await pg?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	};
}
