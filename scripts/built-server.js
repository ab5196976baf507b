// Starts the built app (the `build/` that `npm start` serves) on a free 127.0.0.1 port with its own database,
// for the integration tests and the benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the app once if there is no build yet. */
export function ensureBuild() {
	if (existsSync(join(root, 'build/index.js'))) return;
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('build failed');
}

/**
 * @param {{ dataDir: string, stdout?: 'inherit' | 'ignore', timeoutMs?: number }} options
 * @returns {Promise<{ baseUrl: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startBuiltServer({ dataDir, stdout = 'ignore', timeoutMs = 60_000 }) {
	ensureBuild();
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [join(root, 'build/index.js')], {
		cwd: root,
		stdio: ['ignore', stdout, 'inherit'],
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
	/** @type {() => Promise<void>} */
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
		const answered = await fetch(`${baseUrl}/`).then(
			(res) => res.status < 500,
			() => false // not listening yet
		);
		if (answered) return { baseUrl, pid: /** @type {number} */ (child.pid), stop };
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await stop();
	throw new Error(`server did not answer at ${baseUrl} within ${timeoutMs} ms`);
}
