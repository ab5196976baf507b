// Scale benchmark (issue 9 §4): the built server on SQLite with one process, and on PostgreSQL (a throwaway
// server with fsync on) with one and two app processes side by side. Measures, per configuration:
// - deliveries: BENCH_SCALE_SENDERS (50) concurrent sender loops for BENCH_SCALE_SECONDS (20 s, after a 3 s
//   warm-up), small text letters to random citizens among BENCH_SCALE_CITIZENS (2,000), requests alternated
//   between the processes: deliveries/s and p50/p95/p99 latency, and where the CPU went (app processes vs
//   PostgreSQL, from /proc) with the share of PostgreSQL sessions waiting on a lock (pg_stat_activity);
// - pull: one mailbox with BENCH_SCALE_PULL_LETTERS (10,000) letters pulled in pages of 200 from checkpoint
//   0 (documents/s, median of 3), then 4 such mailboxes pulled at once;
// - streams (once per engine): BENCH_SCALE_STREAMS (5,000) open SSE streams on one process, its RSS before
//   and after (MB per stream; target: all under 300 MB), and with two processes the wake latency from a
//   delivery on process A to "RESYNC" on a stream held by process B.
// Citizens, sessions and the sender are written straight into the database (signing 2,000 people in through
// scrypt would measure scrypt). Targets are reported, never enforced. `npm run bench -- scale`;
// BENCH_SCALE_ENGINES=sqlite (or postgres) runs one engine only.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createJiti } from 'jiti';
import pg from 'pg';
import { startBuiltServer } from '../../scripts/built-server.js';
import { startPostgres } from '../../scripts/postgres.js';
import { deliver } from '../lib/deliver.js';

const root = new URL('../../', import.meta.url).pathname;
const jiti = createJiti(import.meta.url);

const SENDERS = Number(process.env.BENCH_SCALE_SENDERS ?? 50);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const CITIZENS = Number(process.env.BENCH_SCALE_CITIZENS ?? 2_000);
const PULL_LETTERS = Number(process.env.BENCH_SCALE_PULL_LETTERS ?? 10_000);
const PULL_MAILBOXES = 4;
const STREAMS = Number(process.env.BENCH_SCALE_STREAMS ?? 5_000);
const STREAM_CITIZENS = 500;
const TARGETS = { streamsRssMb: 300 };
/** `sqlite,postgres` (default) or one of them. */
const ENGINES = (process.env.BENCH_SCALE_ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim());

/** @typedef {import('../../src/lib/server/db/engine').Database} Database */
/** @typedef {typeof import('../../src/lib/server/db/open')} Open */
/** @typedef {typeof import('../../src/lib/schemas/sync-constants')} SyncConstants */

const sha256Hex = (/** @type {string} */ value) => createHash('sha256').update(value).digest('hex');

/**
 * @param {number[]} values
 * @param {number} p
 */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

/** @param {number[]} values */
const median = (values) => percentile(values, 50);
/** @param {number | null} value @param {number} [digits] */
const round = (value, digits = 0) => (value === null ? null : Number(value.toFixed(digits)));

/**
 * The bench's people, written in one transaction through the storage layer (so the same code fills both
 * engines): citizens with mailboxes, a session (known token) for the first STREAM_CITIZENS, one public sender.
 * @param {Database} db
 */
async function seed(db) {
	const now = Date.now();
	const apiKey = `pk_${randomBytes(24).toString('hex')}`;
	/** @type {{ id: string, cpr: string, mailboxId: string, token: string | null }[]} */
	const citizens = [];
	for (let i = 0; i < CITIZENS; i++) {
		citizens.push({
			id: randomUUID(),
			cpr: `31${String(i).padStart(8, '0')}`,
			mailboxId: randomUUID(),
			token: i < Math.max(STREAM_CITIZENS, PULL_MAILBOXES) ? randomBytes(32).toString('base64url') : null
		});
	}
	await db.tx(async (t) => {
		await t.run(
			`INSERT INTO senders (id, name, kind, id_type, accepts_messages, api_key_hash, created_at)
			 VALUES ($1, $2, 'public', 'CVR', TRUE, $3, $4)`,
			['bench-sender', 'Bench Kommune', sha256Hex(apiKey), now]
		);
		for (const c of citizens) {
			await t.run(
				'INSERT INTO citizens (id, user_id, cpr, name, registered_at, created_at) VALUES ($1, $2, $3, $4, $5, $5)',
				[c.id, `bench${c.cpr}`, c.cpr, `Borger ${c.cpr}`, now]
			);
			await t.run('INSERT INTO mailboxes (id, citizen_id) VALUES ($1, $2)', [c.mailboxId, c.id]);
			if (c.token) {
				await t.run(
					`INSERT INTO sessions (token_hash, citizen_id, storage, created_at, last_seen_at, expires_at)
					 VALUES ($1, $2, 'persistent', $3, $3, $4)`,
					[sha256Hex(c.token), c.id, now, now + 24 * 3600_000]
				);
			}
		}
	});
	return { apiKey, citizens };
}

/** A small text letter as the sender API takes it. @param {string} cpr @param {number} n */
function letterBody(cpr, n) {
	return JSON.stringify({
		messageUUID: randomUUID(),
		label: `Brev ${n}`,
		recipient: { idType: 'CPR', recipientID: cpr },
		mainDocument: {
			label: 'Brev',
			files: [
				{
					encodingFormat: 'text/plain',
					filename: 'brev.txt',
					content: Buffer.from(`Kære borger.\n\nDette er brev nummer ${n}.`).toString('base64')
				}
			]
		}
	});
}

/** CPU seconds a process has used so far (user + system), or 0 when it is gone. @param {number} pid */
function cpuSeconds(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 1/100 s
	} catch {
		return 0;
	}
}

/** Every process named "postgres" (the server and its backends). */
function postgresPids() {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number)
		.filter((pid) => {
			try {
				return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
			} catch {
				return false;
			}
		});
}

/** RSS of a process in MB. @param {number} pid */
function rssMb(pid) {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((l) => l.startsWith('VmRSS:'));
	return Number(line?.match(/\d+/)?.[0] ?? 0) / 1024;
}

/**
 * Sender loops for the warm-up and the measured window, alternating between the processes.
 * @param {string[]} baseUrls
 * @param {string} apiKey
 * @param {{ cpr: string }[]} citizens
 * @param {{ appPids: number[], pgAdminUrl?: string }} watch
 */
async function deliveryRun(baseUrls, apiKey, citizens, watch) {
	/** @type {number[]} */
	const latencies = [];
	let measuring = false;
	let stop = false;
	let n = 0;
	const loop = async () => {
		while (!stop) {
			const i = n++;
			const citizen = citizens[Math.floor(Math.random() * citizens.length)];
			if (!citizen) continue;
			const started = performance.now();
			await deliver(baseUrls[i % baseUrls.length] ?? '', apiKey, letterBody(citizen.cpr, i));
			if (measuring && !stop) latencies.push(performance.now() - started);
		}
	};
	const loops = Array.from({ length: SENDERS }, loop);
	await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));

	const pgPids = watch.pgAdminUrl ? postgresPids() : [];
	const cpuBefore = {
		app: watch.appPids.reduce((s, pid) => s + cpuSeconds(pid), 0),
		pg: pgPids.reduce((s, pid) => s + cpuSeconds(pid), 0)
	};
	let lockSamples = 0;
	let activeSamples = 0;
	/** What active PostgreSQL sessions waited on, by wait event ("CPU" when not waiting). */
	/** @type {Map<string, number>} */
	const waits = new Map();
	const admin = watch.pgAdminUrl ? new pg.Client({ connectionString: watch.pgAdminUrl }) : null;
	await admin?.connect();
	const sampler = admin
		? setInterval(() => {
				admin
					.query(
						`SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, count(*)::int AS n
						 FROM pg_stat_activity WHERE datname = 'postkasse' AND state = 'active' GROUP BY 1`
					)
					.then((res) => {
						for (const row of res.rows) {
							const n = Number(row.n);
							activeSamples += n;
							if (String(row.wait).startsWith('Lock:')) lockSamples += n;
							waits.set(row.wait, (waits.get(row.wait) ?? 0) + n);
						}
					})
					.catch(() => undefined);
			}, 200)
		: undefined;
	measuring = true;
	const started = performance.now();
	await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
	const elapsed = (performance.now() - started) / 1000;
	const count = latencies.length;
	stop = true;
	clearInterval(sampler);
	const cpuAfter = {
		app: watch.appPids.reduce((s, pid) => s + cpuSeconds(pid), 0),
		pg: pgPids.reduce((s, pid) => s + cpuSeconds(pid), 0)
	};
	await Promise.all(loops);
	await admin?.end();
	return {
		perSecond: round(count / elapsed),
		p50Ms: round(percentile(latencies, 50), 1),
		p95Ms: round(percentile(latencies, 95), 1),
		p99Ms: round(percentile(latencies, 99), 1),
		appCores: round((cpuAfter.app - cpuBefore.app) / elapsed, 2),
		postgresCores: watch.pgAdminUrl ? round((cpuAfter.pg - cpuBefore.pg) / elapsed, 2) : null,
		lockWaitShare: activeSamples ? round(lockSamples / activeSamples, 2) : null,
		topWaits: activeSamples
			? [...waits]
					.sort((a, b) => b[1] - a[1])
					.slice(0, 3)
					.map(([wait, n]) => `${wait} ${Math.round((100 * n) / activeSamples)}%`)
					.join(', ')
			: null
	};
}

/**
 * Pulls a whole mailbox in pages of 200; resolves to the number of documents.
 * @param {string} baseUrl @param {string} token @param {number} version
 */
async function pullAll(baseUrl, token, version) {
	let checkpoint = 0;
	let documents = 0;
	for (;;) {
		const res = await fetch(
			`${baseUrl}/api/sync/v1/letters/pull?checkpoint=${checkpoint}&limit=200&v=${version}`,
			{ headers: { cookie: `postkasse_session=${token}` } }
		);
		if (res.status !== 200) throw new Error(`pull answered ${res.status}`);
		const page = /** @type {{ documents: unknown[], checkpoint: { seq: number } | null }} */ (
			await res.json()
		);
		documents += page.documents.length;
		if (page.documents.length === 0 || !page.checkpoint) return documents;
		checkpoint = page.checkpoint.seq;
	}
}

/**
 * Fills the first PULL_MAILBOXES mailboxes with PULL_LETTERS letters each: one letter delivered through the
 * sender API, then copied by SQL with new ids and sequence numbers (10,000 deliveries through the API would
 * measure delivery again, for minutes).
 * @param {string} baseUrl @param {string} apiKey @param {{ cpr: string, mailboxId: string }[]} citizens
 * @param {Database} db
 */
async function fillPullMailboxes(baseUrl, apiKey, citizens, db) {
	for (const citizen of citizens.slice(0, PULL_MAILBOXES)) {
		await deliver(baseUrl, apiKey, letterBody(citizen.cpr, 0));
		const template = await db.one('SELECT * FROM letters WHERE mailbox_id = $1', [citizen.mailboxId]);
		if (!template) throw new Error('the template letter did not arrive');
		const columns = Object.keys(template);
		for (let from = 1; from < PULL_LETTERS; from += 200) {
			const count = Math.min(200, PULL_LETTERS - from);
			await db.tx(async (t) => {
				const last = Number(
					await t.value('SELECT last_seq FROM mailboxes WHERE id = $1 FOR UPDATE', [citizen.mailboxId])
				);
				/** @type {import('../../src/lib/server/db/engine').SqlValue[]} */
				const params = [];
				const rows = [];
				for (let i = 0; i < count; i++) {
					/** @type {Record<string, unknown>} */
					const copy = { ...template, id: randomUUID(), message_uuid: randomUUID(), seq: last + i + 1 };
					rows.push(`(${columns.map((_, c) => `$${params.length + c + 1}`).join(', ')})`);
					params.push(
						.../** @type {import('../../src/lib/server/db/engine').SqlValue[]} */ (
							columns.map((c) => copy[c])
						)
					);
				}
				await t.run(`INSERT INTO letters (${columns.join(', ')}) VALUES ${rows.join(', ')}`, params);
				await t.run('UPDATE mailboxes SET last_seq = $1 WHERE id = $2', [last + count, citizen.mailboxId]);
			});
		}
	}
}

/**
 * @param {string} baseUrl @param {{ token: string | null }[]} citizens @param {number} version
 */
async function pullRun(baseUrl, citizens, version) {
	const first = citizens[0]?.token ?? '';
	/** @type {number[]} */
	const rates = [];
	for (let run = 0; run < 3; run++) {
		const started = performance.now();
		const docs = await pullAll(baseUrl, first, version);
		rates.push(docs / ((performance.now() - started) / 1000));
	}
	const started = performance.now();
	const all = await Promise.all(
		citizens.slice(0, PULL_MAILBOXES).map((c) => pullAll(baseUrl, c.token ?? '', version))
	);
	const together = all.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
	return { oneMailboxDocsPerSecond: round(median(rates)), fourAtOnceDocsPerSecond: round(together) };
}

/**
 * Opens an SSE stream; resolves once the server said "connected". `onData` sees every later chunk.
 * `localAddress`: the server allows 100 streams per address, so the bench spreads them over 127.x.y.1.
 * @param {string} baseUrl @param {string} token @param {number} version
 * @param {(text: string) => void} [onData] @param {string} [localAddress]
 */
function openStream(baseUrl, token, version, onData, localAddress = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const req = request(
			`${baseUrl}/api/sync/v1/letters/stream?v=${version}`,
			{
				headers: { cookie: `postkasse_session=${token}`, accept: 'text/event-stream' },
				agent: false,
				localAddress
			},
			(res) => {
				if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
				res.setEncoding('utf8');
				let connected = false;
				res.on('data', (/** @type {string} */ chunk) => {
					if (!connected && chunk.includes('connected')) {
						connected = true;
						resolve(req);
					} else onData?.(chunk);
				});
				res.on('error', () => undefined);
			}
		);
		req.on('error', reject);
		req.end();
	});
}

/**
 * @param {{ baseUrl: string, pid: number }} a
 * @param {{ baseUrl: string, pid: number } | null} b
 * @param {{ token: string | null, cpr: string }[]} citizens
 * @param {string} apiKey
 * @param {number} version
 */
async function streamRun(a, b, citizens, apiKey, version) {
	const holders = citizens.filter((c) => c.token).slice(0, STREAM_CITIZENS);
	// Warm the process first (its sanitizer threads load jsdom after the start), so "before" is a settled figure.
	for (let i = 0; i < 50; i++) await deliver(a.baseUrl, apiKey, letterBody(citizens[i]?.cpr ?? '', i));
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const before = rssMb(a.pid);
	/** @type {import('node:http').ClientRequest[]} */
	const open = [];
	for (let i = 0; i < STREAMS; i += 100) {
		const batch = Array.from({ length: Math.min(100, STREAMS - i) }, (_, j) =>
			openStream(
				a.baseUrl,
				holders[(i + j) % holders.length]?.token ?? '',
				version,
				undefined,
				`127.1.${Math.floor((i + j) / 90)}.1`
			)
		);
		open.push(.../** @type {import('node:http').ClientRequest[]} */ (await Promise.all(batch)));
	}
	const after = rssMb(a.pid);
	for (const req of open) req.destroy();

	/** @type {number[]} */
	const wakes = [];
	if (b) {
		const target = holders[holders.length - 1];
		if (!target?.token) throw new Error('no stream citizen');
		for (let i = 0; i < 20; i++) {
			/** @type {() => void} */
			let woke = () => undefined;
			const arrived = new Promise((resolve) => (woke = () => resolve(undefined)));
			const req = await openStream(b.baseUrl, target.token, version, (text) => {
				if (text.includes('RESYNC')) woke();
			});
			const started = performance.now();
			await deliver(a.baseUrl, apiKey, letterBody(target.cpr, i));
			await arrived;
			wakes.push(performance.now() - started);
			/** @type {import('node:http').ClientRequest} */ (req).destroy();
		}
	}
	return {
		streams: STREAMS,
		rssBeforeMb: round(before),
		rssAfterMb: round(after),
		kbPerStream: round(((after - before) * 1024) / STREAMS, 1),
		wakeAtoBMedianMs: b ? round(median(wakes), 1) : null,
		wakeAtoBP95Ms: b ? round(percentile(wakes, 95), 1) : null
	};
}

/**
 * Starts `processes` app servers on one database; the first one migrates before the others start.
 * @param {number} processes @param {string} dataDir @param {string | undefined} databaseUrl
 */
async function startApps(processes, dataDir, databaseUrl) {
	const env = {
		SEED_DEMO: '0',
		DATABASE_POOL_MAX: '10',
		...(databaseUrl ? { DATABASE_URL: databaseUrl } : {})
	};
	const apps = [];
	for (let i = 0; i < processes; i++) apps.push(await startBuiltServer({ dataDir, env }));
	return apps;
}

export async function run() {
	const { openStorage } = /** @type {Open} */ (await jiti.import(join(root, 'src/lib/server/db/open.ts')));
	const { schemaVersions } = /** @type {SyncConstants} */ (
		await jiti.import(join(root, 'src/lib/schemas/sync-constants.ts'))
	);
	const version = schemaVersions.letters;
	const postgres = ENGINES.includes('postgres')
		? await startPostgres({ durable: true })
		: { url: '', adminUrl: '', version: 'not run', stop: async () => undefined };
	const dataDirs = [
		mkdtempSync(join(tmpdir(), 'postkasse-scale-')),
		mkdtempSync(join(tmpdir(), 'postkasse-scale-'))
	];
	/** @type {Record<string, unknown>[]} */
	const rows = [];
	/** @type {Record<string, unknown>[]} */
	const streams = [];
	try {
		for (const engine of /** @type {const} */ (['sqlite', 'postgres'])) {
			if (!ENGINES.includes(engine)) continue;
			const dataDir = engine === 'sqlite' ? (dataDirs[0] ?? '') : (dataDirs[1] ?? '');
			const url = engine === 'postgres' ? postgres.url : undefined;
			// The bench's own handle is open only while no server runs: a second SQLite handle in another
			// process makes the server's writes wait on it.
			const open = () => openStorage({ url, path: join(dataDir, 'postkasse.db') });
			let db = await open();
			const people = await seed(db);
			await db.close();

			const counts = engine === 'sqlite' ? [1] : [1, 2];
			for (const processes of counts) {
				const apps = await startApps(processes, dataDir, url);
				try {
					const name = `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ×${processes}`;
					console.log(`${name}: deliveries for ${SECONDS} s at ${SENDERS} concurrent senders…`);
					const deliveries = await deliveryRun(
						apps.map((a) => a.baseUrl),
						people.apiKey,
						people.citizens,
						{ appPids: apps.map((a) => a.pid), pgAdminUrl: url ? postgres.adminUrl : undefined }
					);
					if (processes === 1) {
						console.log(`${name}: filling ${PULL_MAILBOXES} mailboxes with ${PULL_LETTERS} letters…`);
						db = await open();
						await fillPullMailboxes(apps[0]?.baseUrl ?? '', people.apiKey, people.citizens, db);
						await db.close();
					}
					const pull = await pullRun(apps[processes - 1]?.baseUrl ?? '', people.citizens, version);
					rows.push({ configuration: name, ...deliveries, ...pull });
				} finally {
					for (const app of apps) await app.stop();
				}
			}
			// Streams on freshly started processes: the delivery run's heap growth would hide the streams' cost.
			const processes = counts[counts.length - 1] ?? 1;
			const name = `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ×${processes}`;
			console.log(`${name}: ${STREAMS} open streams on fresh processes…`);
			const apps = await startApps(processes, dataDir, url);
			try {
				const [a, b] = apps;
				if (!a) throw new Error('no app');
				streams.push({
					configuration: name,
					...(await streamRun(a, b ?? null, people.citizens, people.apiKey, version))
				});
			} finally {
				for (const app of apps) await app.stop();
			}
		}
	} finally {
		await postgres.stop();
		for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
	}

	const result = {
		measuredAt: new Date().toISOString(),
		machine: { cpus: (await import('node:os')).cpus().length, postgres: postgres.version },
		settings: {
			senders: SENDERS,
			seconds: SECONDS,
			citizens: CITIZENS,
			pullLetters: PULL_LETTERS,
			streams: STREAMS
		},
		targets: TARGETS,
		configurations: rows,
		streams: streams.map((s) => ({
			...s,
			met: typeof s.rssAfterMb === 'number' && s.rssAfterMb < TARGETS.streamsRssMb
		}))
	};
	mkdirSync(join(root, 'bench/results'), { recursive: true });
	writeFileSync(join(root, 'bench/results/scale.json'), `${JSON.stringify(result, null, '\t')}\n`);
	console.table(rows);
	console.table(result.streams);
}
