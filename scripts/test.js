// `npm test`: static checks, then the build, then unit + storage (SQLite and a throwaway PostgreSQL) +
// integration tests against it, then browser tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, chromiumVersion } from './chromium.js';
import { freePort } from './free-port.js';
import { ensurePostgres } from './postgres.js';

/**
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 */
function run(label, command, args, env = process.env) {
	console.log(`\n▶ ${label}`);
	const result = spawnSync(command, args, { stdio: 'inherit', env });
	if (result.status !== 0) {
		console.error(`\n✖ ${label} failed`);
		process.exit(result.status ?? 1);
	}
}

const chromium = ensureChromium();
console.log(`Using ${chromiumVersion(chromium)} at ${chromium}`);
process.env.CHROMIUM_PATH = chromium;

// The storage tests start their own throwaway PostgreSQL; say now, not after the build, if there is none.
try {
	console.log(`Using PostgreSQL from ${ensurePostgres()}`);
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
}

// Static checks first: they take seconds and fail fast, before the minutes of a build. svelte-check needs
// the generated types (svelte-kit sync) and the compiled messages (the build compiles them again, with the
// runtime options from vite.config.ts; the types are the same).
run('svelte-kit sync', 'npx', ['svelte-kit', 'sync']);
run('compile messages (paraglide)', 'npx', [
	'paraglide-js',
	'compile',
	'--project',
	'./project.inlang',
	'--outdir',
	'./src/lib/paraglide',
	'--emit-ts-declarations',
	'--silent'
]);
run('type check (svelte-check)', 'npx', [
	'svelte-check',
	'--tsconfig',
	'./tsconfig.json',
	'--fail-on-warnings',
	'--output',
	'human'
]);
run('lint (prettier + eslint)', 'npm', ['run', '--silent', 'lint']);
// Integration and browser tests run against this build (the integration tests' set-up also rebuilds a
// stale build/ when run on their own).
run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
run('unit, storage and integration tests (vitest)', 'npx', ['vitest', 'run']);

const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-e2e-'));
try {
	const env = { ...process.env, E2E_PORT: String(await freePort()), E2E_DATA_DIR: dataDir };
	run('browser tests (playwright)', 'npx', ['playwright', 'test'], env);
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}
console.log('\n✔ all tests passed');
