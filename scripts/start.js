// `npm start`: build, then serve with demo data on the embedded SQLite database.
import { spawn, spawnSync } from 'node:child_process';

const port = process.env.PORT ?? '3000';
const env = {
	...process.env,
	PORT: port,
	ORIGIN: process.env.ORIGIN ?? `http://localhost:${port}`,
	DATABASE_PATH: process.env.DATABASE_PATH ?? 'data/postkasse.db',
	// The app limits request bodies itself (MESSAGE_MAX_BYTES for the sender API, 1 MB for forms) and
	// answers 413 as JSON; adapter-node's own 512 KB default would answer first, with plain text.
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? 'Infinity'
};

if (process.env.SKIP_BUILD !== '1') {
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['build/index.js'], { stdio: 'inherit', env });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
