import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startBuiltServer } from '../../scripts/built-server.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Base URL of the real built server, e.g. http://127.0.0.1:41234 */
		baseUrl: string;
		/** Folder holding the server's SQLite file and demo.json. */
		dataDir: string;
		/** Process id of the server, to read its memory use. */
		serverPid: number;
	}
}

/** Starts the built app (the same `build/` that `npm start` serves) on a free port with a fresh database. */
export default async function setup(project: TestProject) {
	const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-it-'));
	const server = await startBuiltServer({ dataDir, stdout: 'inherit' });
	project.provide('baseUrl', server.baseUrl);
	project.provide('dataDir', dataDir);
	project.provide('serverPid', server.pid);

	return async () => {
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	};
}
