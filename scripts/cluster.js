// `npm run start:cluster`: several app processes side by side on one PostgreSQL database, on PORT, PORT+1, …
// Put a reverse proxy in front of them (README "Run on PostgreSQL"). Needs DATABASE_URL, or `--throwaway`
// for a PostgreSQL server in a temp folder that is deleted when this script ends (trying it out).
import { spawn, spawnSync } from 'node:child_process';
import { startPostgres } from './postgres.js';

const size = Number(process.env.CLUSTER_SIZE ?? 2);
const basePort = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(size) || size < 1 || size > 26) {
	console.error(`CLUSTER_SIZE must be a whole number from 1 to 26, got "${process.env.CLUSTER_SIZE}"`);
	process.exit(2);
}
if (!Number.isInteger(basePort) || basePort < 1 || basePort + size > 65535) {
	console.error(`PORT must be a free port number, got "${process.env.PORT}"`);
	process.exit(2);
}

const throwaway = process.argv.includes('--throwaway') ? await startPostgres({ durable: true }) : null;
const databaseUrl = throwaway?.url ?? process.env.DATABASE_URL?.trim();
if (!databaseUrl || !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
	console.error(
		'start:cluster needs PostgreSQL: set DATABASE_URL=postgres://user:password@host:5432/db, or run\n' +
			'`npm run start:cluster -- --throwaway` for a temporary database. (SQLite is one process: `npm start`.)'
	);
	process.exit(2);
}
if (throwaway) console.log(`[cluster] throwaway ${throwaway.version}: ${throwaway.url}`);

// ORIGIN is the address people use, the proxy's: every process checks form posts against it.
const origin = process.env.ORIGIN ?? `http://localhost:${basePort}`;
const env = {
	...process.env,
	DATABASE_URL: databaseUrl,
	ORIGIN: origin,
	// Behind a proxy on the same machine: not reachable from outside unless HOST says so.
	HOST: process.env.HOST ?? '127.0.0.1',
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? 'Infinity'
};

if (process.env.SKIP_BUILD !== '1') {
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

/** Prefixes each line a process prints with its letter, so the two logs can be told apart. */
function prefixed(
	/** @type {string} */ name,
	/** @type {NodeJS.ReadableStream | null} */ stream,
	/** @type {NodeJS.WritableStream} */ out = process.stdout
) {
	let rest = '';
	stream?.setEncoding('utf8');
	stream?.on('data', (/** @type {string} */ chunk) => {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop() ?? '';
		for (const line of lines) out.write(`[${name}] ${line}\n`);
	});
	stream?.on('end', () => rest && out.write(`[${name}] ${rest}\n`));
}

/** Starts one process and resolves once its /readyz says ready (the first one migrates the database). */
async function startOne(/** @type {number} */ index) {
	const name = String.fromCharCode(97 + index);
	const port = basePort + index;
	const child = spawn(process.execPath, ['build/index.js'], {
		env: { ...env, PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	prefixed(name, child.stdout);
	prefixed(name, child.stderr, process.stderr);
	child.on('exit', (code, signal) => {
		console.log(`[cluster] ${name} (port ${port}) ended (${signal ?? `exit ${code}`})`);
		// One process failing ends the others: a half cluster behind a balancer is worse than a clear stop.
		if (!stopping) stop('SIGTERM', code ?? 1);
	});
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} did not start`);
		const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
			(res) => res.ok,
			() => false
		);
		if (ready) return console.log(`[cluster] ${name} ready on http://127.0.0.1:${port}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

let exitCode = 0;
/** @param {NodeJS.Signals} signal @param {number} [code] */
function stop(signal, code = 0) {
	if (stopping) return;
	stopping = true;
	exitCode = code;
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => stop(signal));

try {
	for (let i = 0; i < size && !stopping; i++) await startOne(i);
	if (!stopping) console.log(`[cluster] ${size} processes behind ${origin}; Ctrl+C stops them all.`);
} catch (err) {
	console.error(`[cluster] ${err instanceof Error ? err.message : err}`);
	stop('SIGTERM', 1);
}
await Promise.all(
	children.map((child) =>
		child.exitCode !== null || child.signalCode !== null
			? undefined
			: new Promise((resolve) => child.once('exit', resolve))
	)
);
await throwaway?.stop();
process.exit(exitCode);
