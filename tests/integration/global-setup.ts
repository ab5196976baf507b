import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/free-port.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Base URL of the real built server, e.g. http://127.0.0.1:41234 */
		baseUrl: string;
		/** Folder holding the server's SQLite file and demo.json. */
		dataDir: string;
	}
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
		try {
			const res = await fetch(url);
			if (res.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`server did not answer at ${url} within ${timeoutMs} ms`);
}

/** Starts the built app (the same `build/` that `npm start` serves) on a free port with a fresh database. */
export default async function setup(project: TestProject) {
	if (!existsSync('build/index.js')) {
		const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
		if (build.status !== 0) throw new Error('build failed');
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-it-'));
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['build/index.js'], {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseUrl,
			DATABASE_PATH: join(dataDir, 'postkasse.db'),
			// As `npm start` does: the app answers 413 itself (see scripts/start.js).
			BODY_SIZE_LIMIT: 'Infinity'
		}
	});
	await waitForServer(`${baseUrl}/`, child, 60_000);
	project.provide('baseUrl', baseUrl);
	project.provide('dataDir', dataDir);

	return async () => {
		child.kill('SIGTERM');
		await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
		rmSync(dataDir, { recursive: true, force: true });
	};
}
