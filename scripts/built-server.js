// Starts the built app (the `build/` that `npm start` serves) on a free 127.0.0.1 port with its own database,
// for the integration tests and the benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What the build is made from: a change to any of these makes `build/` stale. */
const buildInputs = [
	'src',
	'messages',
	'content',
	'static',
	'project.inlang/settings.json',
	'svelte.config.js',
	'vite.config.ts',
	'pwa.config.ts',
	'package-lock.json'
];
/** Written by the build, never read by it: skipped so a build does not make itself stale. */
const generated = new Set([join(root, 'src/lib/paraglide')]);

/**
 * The newest modification time (ms) of a file or of any file below a folder.
 * @param {string} path
 * @returns {number}
 */
function newestChange(path) {
	if (generated.has(path) || !existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
	return newest;
}

/** True when there is no build, or something it is made from changed after it was made. */
export function buildIsStale() {
	const built = join(root, 'build/index.js');
	if (!existsSync(built)) return true;
	const builtAt = statSync(built).mtimeMs;
	return buildInputs.some((input) => newestChange(join(root, input)) > builtAt);
}

/** Builds the app unless `build/` is up to date, so tests never run against an old build. */
export function ensureBuild() {
	if (!buildIsStale()) return;
	console.log('build/ is missing or older than the sources: building first');
	// Not with the test runner's environment (VITEST, NODE_ENV=test): vite would build for tests, without the
	// service worker.
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(name))
	);
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit',
		env
	});
	if (build.status !== 0) throw new Error('build failed');
}

/**
 * @param {{ dataDir: string, databaseUrl?: string, stdout?: 'inherit' | 'ignore' | 'pipe', timeoutMs?: number,
 *   env?: Record<string, string>, port?: number }} options  `databaseUrl` runs it on PostgreSQL (DATABASE_URL;
 *   `dataDir` still holds demo.json); without it, SQLite in `dataDir`. `env` adds to or overrides this instance's
 *   environment (e.g. the OIDC_* settings of a test's own identity broker); `port` when the test must know it
 *   up front, or reuses a port (a restart after `kill`).
 * @returns {Promise<{ baseUrl: string, port: number, pid: number, stop: () => Promise<number | null>,
 *   kill: () => Promise<void>, output: () => string }>}  `kill` ends the process at once (SIGKILL, as a
 *   crash would); `stop` sends SIGTERM and gives the exit code; `output` is what it printed when `stdout` is
 *   'pipe'.
 */
export async function startBuiltServer({
	dataDir,
	databaseUrl,
	stdout = 'ignore',
	timeoutMs = 60_000,
	env = {},
	port: fixedPort
}) {
	ensureBuild();
	const port = fixedPort ?? (await freePort());
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
			DATABASE_URL: databaseUrl ?? '',
			// As `npm start` does: the app answers 413 itself (see scripts/start.js).
			BODY_SIZE_LIMIT: 'Infinity',
			...env
		}
	});
	let printed = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk) => (printed += chunk));
	const output = () => printed;
	/** @type {() => Promise<number | null>} */
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
			child.once('exit', (code) => resolve(code));
			child.kill('SIGTERM');
		});
	/** @type {() => Promise<void>} */
	const kill = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
		const answered = await fetch(`${baseUrl}/readyz`).then(
			(res) => res.status === 200,
			() => false // not listening yet
		);
		if (answered) return { baseUrl, port, pid: /** @type {number} */ (child.pid), stop, kill, output };
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await stop();
	throw new Error(`server did not answer at ${baseUrl} within ${timeoutMs} ms`);
}
