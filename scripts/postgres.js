// A throwaway PostgreSQL server for tests, benchmarks and local clusters: Debian's PostgreSQL binaries,
// a data folder in a temp dir, a free port on 127.0.0.1, stopped and deleted when its owner ends, even
// when the owner is killed (a watchdog process notices that its pipe to the owner closed).
//
//   import { startPostgres } from './postgres.js';  const pg = await startPostgres();  … pg.url …  await pg.stop();
//   node scripts/postgres.js   (prints DATABASE_URL, runs until Ctrl-C)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	chownSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	unlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from './free-port.js';

const SELF = fileURLToPath(import.meta.url);
const DEBIAN_ROOT = '/usr/lib/postgresql';
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * The bin folder of the newest Debian PostgreSQL (or POSTGRES_BIN), or null.
 * @returns {string | null}
 */
export function findPostgresBin() {
	/** @param {string} dir */
	const usable = (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
	const fromEnv = process.env.POSTGRES_BIN;
	if (fromEnv) return usable(fromEnv) ? fromEnv : null;
	if (!existsSync(DEBIAN_ROOT)) return null;
	const versions = readdirSync(DEBIAN_ROOT)
		.filter((name) => /^\d+(\.\d+)?$/.test(name))
		.sort((a, b) => Number(b) - Number(a));
	for (const version of versions) {
		const bin = join(DEBIAN_ROOT, version, 'bin');
		if (usable(bin)) return bin;
	}
	return null;
}

/**
 * Returns PostgreSQL's bin folder; installs Debian's package when running as root on Debian (as
 * scripts/chromium.js does for Chromium), otherwise throws an error that says what to install.
 * @returns {string}
 */
export function ensurePostgres() {
	const found = findPostgresBin();
	if (found) return found;
	if (process.env.POSTGRES_BIN) {
		throw new Error(`POSTGRES_BIN=${process.env.POSTGRES_BIN} has no initdb and pg_ctl.`);
	}
	if (isRoot() && existsSync('/etc/debian_version')) {
		console.log('PostgreSQL not found: installing Debian package "postgresql" …');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
		execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
		const installed = findPostgresBin();
		if (installed) return installed;
	}
	throw new Error(
		'No PostgreSQL found. Install it (Debian/Ubuntu: "sudo apt-get install postgresql") or set POSTGRES_BIN ' +
			'to the folder holding initdb and pg_ctl. The tests start their own server; they never use one that ' +
			'happens to be running.'
	);
}

/**
 * Runs a PostgreSQL tool: as the `postgres` user when we are root (PostgreSQL refuses to run as root).
 * @param {string} bin
 * @param {string} tool
 * @param {string[]} args
 */
function pgTool(bin, tool, args) {
	const [command, argv] = isRoot()
		? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
		: [join(bin, tool), args];
	return spawnSync(command, argv, { encoding: 'utf8', cwd: '/' });
}

/** @param {string} dir */
function chownToPostgres(dir) {
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	chownSync(dir, uid, gid);
}

/**
 * Stops the server (immediately: it is thrown away) and deletes its folder. Safe to call twice.
 * @param {string} bin
 * @param {string} base
 */
function stopAndRemove(bin, base) {
	const data = join(base, 'data');
	if (existsSync(join(data, 'postmaster.pid')))
		pgTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
	rmSync(base, { recursive: true, force: true });
}

/**
 * A watchdog in its own process group: when the pipe from its owner closes (the owner exited, crashed
 * or was killed with SIGKILL), it stops the server and deletes the folder.
 * @param {string} bin
 * @param {string} base
 */
function startWatchdog(bin, base) {
	const child = spawn(process.execPath, [SELF, '--watchdog', bin, base], {
		detached: true,
		stdio: ['pipe', 'ignore', 'ignore']
	});
	child.unref();
	// The pipe must not keep the owner alive; the OS closes it whenever the owner ends.
	/** @type {any} */ (child.stdin)?.unref?.();
	return child;
}

/**
 * @typedef {object} ThrowawayPostgres
 * @property {string} url DATABASE_URL of a database owned by a login role that may create databases
 * @property {string} adminUrl the bootstrap superuser's URL (for tests that must watch other sessions)
 * @property {number} port
 * @property {string} version e.g. "PostgreSQL 15.10"
 * @property {() => Promise<void>} stop stops the server and deletes its files
 */

/**
 * Starts a throwaway PostgreSQL server on 127.0.0.1 with a fresh database.
 * @param {{ durable?: boolean }} [options] durable: keep fsync on (benchmarks); tests turn it off for speed
 * @returns {Promise<ThrowawayPostgres>}
 */
export async function startPostgres({ durable = false } = {}) {
	const bin = ensurePostgres();
	const base = mkdtempSync(join(tmpdir(), 'postkasse-pg-'));
	if (/['"\s\\]/.test(base)) throw new Error(`temp folder "${base}" has characters pg_ctl cannot take`);
	const watchdog = startWatchdog(bin, base);
	try {
		if (isRoot()) chownToPostgres(base);
		const data = join(base, 'data');
		const adminPassword = randomBytes(18).toString('hex');
		const pwfile = join(base, 'pwfile');
		writeFileSync(pwfile, adminPassword + '\n', { mode: 0o600 });
		if (isRoot()) chownToPostgres(pwfile);
		const init = pgTool(bin, 'initdb', [
			'-D',
			data,
			'-U',
			'postgres',
			`--pwfile=${pwfile}`,
			'--auth-local=peer',
			'--auth-host=scram-sha-256',
			'--encoding=UTF8',
			'--locale=C.UTF-8',
			'--no-sync'
		]);
		unlinkSync(pwfile);
		if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr || init.stdout}`);

		const speed = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
		let port = 0;
		for (let attempt = 1; ; attempt++) {
			port = /** @type {number} */ (await freePort());
			const options = `-p ${port} -k '${base}' -c listen_addresses=127.0.0.1 -c max_connections=200${speed}`;
			const started = pgTool(bin, 'pg_ctl', [
				'-D',
				data,
				'-l',
				join(base, 'server.log'),
				'-o',
				options,
				'-w',
				'-t',
				'60',
				'start'
			]);
			if (started.status === 0) break;
			const log = existsSync(join(base, 'server.log')) ? readFileSync(join(base, 'server.log'), 'utf8') : '';
			// Another program may have taken the free port between asking and binding: try another one.
			if (attempt < 3 && /could not bind|Address already in use/i.test(log)) continue;
			throw new Error(`PostgreSQL did not start:\n${started.stderr || started.stdout}\n${log.slice(-2000)}`);
		}

		const adminUrl = `postgres://postgres:${adminPassword}@127.0.0.1:${port}/postgres`;
		const password = randomBytes(18).toString('hex');
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		let version = '';
		try {
			// Hex passwords need no quoting; CREATE ROLE takes no bind parameters.
			await admin.query(`CREATE ROLE postkasse LOGIN CREATEDB PASSWORD '${password}'`);
			await admin.query('CREATE DATABASE postkasse OWNER postkasse');
			const row = (await admin.query('SHOW server_version')).rows[0];
			version = `PostgreSQL ${row?.server_version ?? '?'}`;
		} finally {
			await admin.end();
		}

		let stopped = false;
		return {
			url: `postgres://postkasse:${password}@127.0.0.1:${port}/postkasse`,
			adminUrl,
			port,
			version,
			stop: async () => {
				if (stopped) return;
				stopped = true;
				stopAndRemove(bin, base);
				watchdog.stdin?.end();
			}
		};
	} catch (err) {
		stopAndRemove(bin, base);
		watchdog.stdin?.end();
		throw err;
	}
}

// `node scripts/postgres.js --watchdog <bin> <base>`: wait for the owner's pipe to close, then clean up.
if (process.argv[1] === SELF && process.argv[2] === '--watchdog') {
	const [bin, base] = process.argv.slice(3);
	if (!bin || !base) process.exit(2);
	const cleanUp = () => {
		stopAndRemove(bin, base);
		process.exit(0);
	};
	process.stdin.on('end', cleanUp);
	process.stdin.on('close', cleanUp);
	process.stdin.on('error', cleanUp);
	process.stdin.resume();
	// Ctrl-C in the owner's terminal is for the owner: it closes the pipe, and then we clean up.
	process.on('SIGINT', () => {});
	process.on('SIGHUP', () => {});
} else if (process.argv[1] === SELF) {
	// `node scripts/postgres.js`: a throwaway server for trying things by hand, until Ctrl-C.
	try {
		const server = await startPostgres();
		console.log(`${server.version} on 127.0.0.1:${server.port}`);
		console.log(`DATABASE_URL=${server.url}`);
		console.log('Press Ctrl-C to stop it; its files are deleted then.');
		// Signal handlers alone do not keep Node running.
		const keepAlive = setInterval(() => {}, 1 << 30);
		for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
			process.on(signal, () => {
				clearInterval(keepAlive);
				void server.stop().then(() => process.exit(0));
			});
		}
	} catch (err) {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	}
}
