// `npm run start:cluster`: several app processes side by side on one PostgreSQL (issue 9). Put a reverse
// proxy in front (README, "Run on PostgreSQL"); each process also answers on its own port.
//
//   DATABASE_URL=postgres://… npm run start:cluster        # CLUSTER_SIZE (2) processes on PORT, PORT+1, …
//   npm run start:cluster -- --throwaway                   # a throwaway PostgreSQL, deleted on exit
import { spawn, spawnSync } from 'node:child_process';
import { startPostgres } from './postgres.js';

const size = Number(process.env.CLUSTER_SIZE ?? 2);
if (!Number.isInteger(size) || size < 1 || size > 16) {
	console.error(`CLUSTER_SIZE must be a whole number from 1 to 16, got "${process.env.CLUSTER_SIZE}"`);
	process.exit(2);
}
const firstPort = Number(process.env.PORT ?? 3000);
const throwaway = process.argv.includes('--throwaway');

let databaseUrl = process.env.DATABASE_URL?.trim() ?? '';
/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
let pg;
if (throwaway) {
	pg = await startPostgres({ durable: true });
	databaseUrl = pg.url;
	console.log(`Throwaway ${pg.version} on 127.0.0.1:${pg.port} (deleted on exit): ${pg.url}`);
} else if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) {
	console.error(
		'A cluster needs one PostgreSQL for all processes: set DATABASE_URL=postgres://… (or pass --throwaway).'
	);
	process.exit(2);
}

const env = {
	...process.env,
	DATABASE_URL: databaseUrl,
	// The public address (the proxy's); each process's own port is for the proxy and health checks.
	ORIGIN: process.env.ORIGIN ?? `http://localhost:${firstPort}`,
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? 'Infinity'
};

if (process.env.SKIP_BUILD !== '1') {
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

const names = 'abcdefghijklmnop';
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let running = 0;
let stopping = false;

/** @param {string} tag @param {NodeJS.ReadableStream | null} stream @param {NodeJS.WriteStream} out */
function prefix(tag, stream, out) {
	let rest = '';
	stream?.setEncoding('utf8');
	stream?.on('data', (/** @type {string} */ chunk) => {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop() ?? '';
		for (const line of lines) out.write(`[${tag}] ${line}\n`);
	});
}

async function finish() {
	await pg?.stop();
	process.exit(0);
}

for (let i = 0; i < size; i++) {
	const tag = names[i] ?? String(i);
	const port = firstPort + i;
	const child = spawn(process.execPath, ['build/index.js'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...env, PORT: String(port), HOST: process.env.HOST ?? '127.0.0.1' }
	});
	running++;
	children.push(child);
	prefix(tag, child.stdout, process.stdout);
	prefix(tag, child.stderr, process.stderr);
	console.log(`[${tag}] http://127.0.0.1:${port} (pid ${child.pid})`);
	child.on('exit', (code, signal) => {
		running--;
		console.log(`[${tag}] exited (${signal ?? code})`);
		// One process failing is a restart for a supervisor; here it stops the others too.
		if (!stopping) stop('SIGTERM');
		if (running === 0) void finish();
	});
}

/** @param {NodeJS.Signals} signal */
function stop(signal) {
	stopping = true;
	for (const child of children) if (child.exitCode === null) child.kill(signal);
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => stop(signal));
