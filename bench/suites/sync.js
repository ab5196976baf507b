// Sync benchmark: a fresh citizen with BENCH_LETTERS letters (default 10,000) seeded straight into a fresh
// SQLite file, the built server on a free port, headless Chromium. Measures the first sync into RxDB against
// plain Dexie bulkPut of the same documents, sender POST → row on screen, and the first inbox row on a
// reload (online, and offline through the service worker). Targets are reported, never enforced.
// BENCH_DEBUG=1 prints timelines; BENCH_PROFILE=<file> writes a CPU profile of the first sync.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createJiti } from 'jiti';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumVersion, findChromium } from '../../scripts/chromium.js';
import { startBuiltServer } from '../../scripts/built-server.js';

const root = new URL('../../', import.meta.url).pathname;
const require = createRequire(import.meta.url);
// The server's own modules (TypeScript) seed the database, exactly as the tests' fixtures do.
const jiti = createJiti(import.meta.url);

const TARGETS = { ratio: 1.5, docsPerSec: 5000, deliveryP95: 500, firstRowOffline: 300 };
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 30);
const RELOADS = 5;
const debug = !!process.env.BENCH_DEBUG;

/** @typedef {typeof import('../../tests/fixtures/citizens')} Fixtures */
/** @typedef {typeof import('../../src/lib/server/db/sqlite-engine')} SqliteEngine */
/** @typedef {typeof import('../../src/lib/server/seed/demo')} DemoSeed */

/** @type {() => Promise<Fixtures>} */
const fixtures = () => jiti.import(join(root, 'tests/fixtures/citizens.ts'));

/**
 * @param {number[]} values
 * @param {number} p
 */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

/**
 * @param {number | null | undefined} value
 * @param {number} [digits]
 */
const round = (value, digits = 0) =>
	value === null || value === undefined ? null : Number(value.toFixed(digits));

/**
 * A letter as a public authority sends it: ~1.3 KB with its HTML body.
 * @param {number} i
 * @param {number} now
 */
function seedLetter(i, now) {
	const id = randomUUID();
	const body =
		`<p>Kære borger,</p><p>Vi skriver til dig om sag nummer ${i}. Du skal ikke gøre noget, men læs brevet ` +
		'grundigt og gem det. Har du spørgsmål, kan du skrive til os gennem Digital Post eller ringe på ' +
		'vores hovednummer i telefontiden.</p><p>Beløbet bliver sat ind på din NemKonto inden for fem ' +
		'bankdage. Hvis du mener, at opgørelsen er forkert, kan du klage inden fire uger fra i dag.</p>' +
		'<ul><li>Opgørelsen er lavet på grundlag af de oplysninger, vi har fået fra din arbejdsgiver.</li>' +
		'<li>Du kan se alle tal på skat.dk.</li></ul><p>Med venlig hilsen<br>Skattestyrelsen</p>';
	return {
		id,
		messageUuid: randomUUID(),
		title: `Årsopgørelse og forskudsopgørelse nr. ${i}`,
		notification: 'Din nye opgørelse er klar. Se om du skal betale eller får penge tilbage.',
		receivedAt: now - (i + 1) * 60_000,
		documents: JSON.stringify([
			{ id: randomUUID(), kind: 'main', title: 'Årsopgørelse', bodyHtml: body, files: [], actions: [] }
		])
	};
}

/**
 * Demo senders, one fresh citizen and `count` letters written straight into a fresh SQLite file.
 * @param {string} dataDir
 * @param {number} count
 */
async function seed(dataDir, count) {
	const dbPath = join(dataDir, 'postkasse.db');
	/** @type {SqliteEngine} */
	const { SqliteDatabase } = await jiti.import(join(root, 'src/lib/server/db/sqlite-engine.ts'));
	/** @type {DemoSeed} */
	const { seedDemo } = await jiti.import(join(root, 'src/lib/server/seed/demo.ts'));
	const db = new SqliteDatabase(dbPath);
	await seedDemo(db, join(dataDir, 'demo.json'));
	await db.close();
	const citizen = await (await fixtures()).createCitizen(dataDir);
	const started = performance.now();
	const storage = new SqliteDatabase(dbPath);
	// Bulk insert through the better-sqlite3 handle: one synchronous transaction, as fast as SQLite goes.
	const conn = storage.raw;
	const nextSeq = conn
		.prepare('UPDATE mailboxes SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq')
		.pluck();
	const insert = conn.prepare(
		`INSERT INTO letters (id, mailbox_id, seq, sender_id, message_uuid, sender_name, sender_kind, title, notification,
		 created_at, received_at, reply_allowed, reply_by, legal_notification, mandatory, case_id, thread_id, in_reply_to,
		 documents) VALUES (?, ?, ?, 'skat', ?, 'Skattestyrelsen', 'public', ?, ?, ?, ?, 0, NULL, 0, 0, NULL, ?, NULL, ?)`
	);
	const now = Date.now();
	conn
		.transaction(() => {
			for (let i = 0; i < count; i++) {
				const l = seedLetter(i, now);
				insert.run(
					l.id,
					citizen.mailboxId,
					nextSeq.get(citizen.mailboxId),
					l.messageUuid,
					l.title,
					l.notification,
					new Date(l.receivedAt).toISOString(),
					l.receivedAt,
					l.id,
					l.documents
				);
			}
		})
		.immediate();
	await storage.close();
	return { citizen, seedMs: performance.now() - started };
}

/**
 * Runs in the page from its first byte: notes when the first inbox row and the full index appear, the
 * inbox total over time, and when each benchmark letter's row shows up (wall clock, comparable with Node's).
 */
function pageProbe() {
	/** @type {{ firstRow: number | null, indexReady: number | null, progressBar: boolean, seen: Record<string, number>, totals: [number, string][] }} */
	const state = { firstRow: null, indexReady: null, progressBar: false, seen: {}, totals: [] };
	/** @type {any} */ (window).__bench = state;
	const check = () => {
		const now = performance.now();
		if (state.firstRow === null && document.querySelector('.letter-row')) state.firstRow = now;
		if (state.indexReady === null && document.querySelector('[data-index-ready="true"]'))
			state.indexReady = now;
		if (!state.progressBar && document.querySelector('progress#sync-progress')) state.progressBar = true;
		const total = document.querySelector('.summary[data-total]')?.getAttribute('data-total');
		if (total && state.totals.at(-1)?.[1] !== total) state.totals.push([Math.round(now), total]);
		for (const el of document.querySelectorAll('.letter-row .title')) {
			const text = el.textContent ?? '';
			if (text.startsWith('BENCH ') && !(text in state.seen)) state.seen[text] = Date.now();
		}
	};
	new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * Waits until the replication has been idle for a while (the sync bar's data-syncing stays "false").
 * @param {import('playwright-core').Page} page
 */
async function settle(page) {
	for (let quiet = 0; quiet < 10;) {
		const syncing = await page.locator('.sync-bar').getAttribute('data-syncing');
		quiet = syncing === 'false' ? quiet + 1 : 0;
		await page.waitForTimeout(100);
	}
}

export async function run() {
	const count = Number(process.env.BENCH_LETTERS ?? 10_000);
	const executablePath = findChromium();
	if (!executablePath) throw new Error('No Chromium found (set CHROMIUM_PATH).');
	const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-bench-'));
	const { citizen, seedMs } = await seed(dataDir, count);
	const server = await startBuiltServer({ dataDir });
	const browser = await chromium.launch({ executablePath, args: chromiumArgs });
	/** @type {Record<string, any>} */
	const result = {
		suite: 'sync',
		date: new Date().toISOString(),
		chromium: chromiumVersion(executablePath),
		letters: count,
		seedMs: round(seedMs)
	};
	try {
		const { signInHttp, senderApiKey, letterInput } = await fixtures();
		const { session } = await signInHttp(server.baseUrl, citizen);
		const context = await browser.newContext({ baseURL: server.baseUrl });
		await context.addCookies([
			{
				name: 'postkasse_session',
				value: session.jar.get('postkasse_session') ?? '',
				url: server.baseUrl,
				httpOnly: true,
				sameSite: 'Lax'
			}
		]);
		await context.addInitScript(pageProbe);
		const page = await context.newPage();

		// 1. First sync of the whole mailbox into RxDB, seen through the collection's change events: the
		//    inbox total on screen reaches N. Timed from the start of the first letters pull.
		const profileFile = process.env.BENCH_PROFILE;
		const cdp = profileFile ? await context.newCDPSession(page) : null;
		if (cdp) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
		}
		await page.goto('/mail');
		const handle = await page.waitForFunction(
			(n) => {
				const total = document.querySelector('.summary[data-total]')?.getAttribute('data-total');
				if (Number(total) !== n) return null;
				// An empty device loads in bulk (…/letters/bulk), then pulls; timed from the first of either.
				const entries = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'));
				const pulls = entries.filter((e) => e.name.includes('/api/sync/v1/letters/pull'));
				const bulk = entries.filter((e) => e.name.includes('/api/sync/v1/letters/bulk'));
				const all = [...bulk, ...pulls].sort((a, b) => a.startTime - b.startTime);
				return {
					done: performance.now(),
					firstPull: all[0]?.startTime ?? 0,
					pulls: pulls.length,
					bulkPages: bulk.length,
					timeline: all.map((e) => [Math.round(e.startTime), Math.round(e.responseEnd)])
				};
			},
			count,
			{ polling: 20, timeout: 900_000 }
		);
		const sync =
			/** @type {{ done: number, firstPull: number, pulls: number, bulkPages: number, timeline: number[][] }} */ (
				await handle.jsonValue()
			);
		if (cdp && profileFile) {
			const { profile } = await cdp.send('Profiler.stop');
			writeFileSync(profileFile, JSON.stringify(profile));
		}
		const syncMs = sync.done - sync.firstPull;
		// The storage's own bulk writes during the load (marked by $lib/sync/bulk-load.ts).
		const writes = await page.evaluate(() =>
			performance
				.getEntriesByName('postkasse-bulk-write')
				.map((e) => [Math.round(e.startTime), Math.round(e.duration)])
		);
		// Wall time with a write under way (a page's write may start while the one before commits).
		let writeMs = 0;
		let until = -Infinity;
		for (const [start = 0, duration = 0] of [...writes].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))) {
			writeMs += Math.max(0, start + duration - Math.max(start, until));
			until = Math.max(until, start + duration);
		}
		// Of which the change events' handlers (RxDB's collection, the list index, the other tabs' channel).
		const eventsMs = await page.evaluate(() =>
			performance.getEntriesByName('postkasse-bulk-events').reduce((sum, e) => sum + e.duration, 0)
		);
		const progressBar = await page.evaluate(() => /** @type {any} */ (window).__bench.progressBar);
		if (debug) {
			console.log(
				'storage bulk writes [start, ms]:',
				JSON.stringify(writes),
				'change events ms',
				round(eventsMs)
			);
			console.log(
				'letters bulk pages and pulls [start, end] ms:',
				JSON.stringify(sync.timeline),
				'done',
				round(sync.done)
			);
			console.log(
				'inbox total on screen [ms, total]:',
				JSON.stringify(await page.evaluate(() => /** @type {any} */ (window).__bench.totals))
			);
		}
		await settle(page);
		// 2. Sender POST → its row visible in the open inbox (after the device has gone idle).
		await page.waitForTimeout(5000);
		await settle(page);
		const apiKey = senderApiKey(dataDir, 'skat');
		/** @type {number[]} */
		const latencies = [];
		/** @type {number[]} */
		const answered = [];
		// One delivery first, not timed: the server's first letter warms up its HTML sanitizer (seconds).
		for (let i = -1; i < DELIVERIES; i++) {
			const title = `BENCH ${i} ${randomUUID().slice(0, 6)}`;
			const started = Date.now();
			const res = await fetch(`${server.baseUrl}/api/v1/messages`, {
				method: 'POST',
				headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
				body: JSON.stringify(letterInput(citizen.cpr, { label: title }))
			});
			if (res.status !== 201) throw new Error(`delivery answered ${res.status}`);
			const answer = Date.now() - started;
			const seen = await page.waitForFunction(
				(t) => /** @type {any} */ (window).__bench.seen[t] ?? null,
				title,
				{ polling: 10, timeout: 30_000 }
			);
			if (i < 0) continue;
			answered.push(answer);
			latencies.push(Number(await seen.jsonValue()) - started);
			await page.waitForTimeout(150);
		}
		if (debug) {
			console.log('delivery latencies ms:', JSON.stringify(latencies));
			console.log('of which the POST answer took ms:', JSON.stringify(answered));
		}
		result.delivery = {
			n: latencies.length,
			p50: round(percentile(latencies, 50)),
			p95: round(percentile(latencies, 95)),
			max: round(Math.max(...latencies)),
			postAnswerP50: round(percentile(answered, 50)),
			postAnswerMax: round(Math.max(...answered))
		};

		// 3. The same documents with plain Dexie bulkPut (the practical IndexedDB limit), same batch size.
		// In a page of its own that may load the script (the app's Content-Security-Policy forbids it), same
		// browser, same origin, same session.
		const plainContext = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true });
		await plainContext.addCookies(await context.cookies());
		const plainPage = await plainContext.newPage();
		await plainPage.goto('/offline');
		await plainPage.addScriptTag({ path: require.resolve('dexie/dist/dexie.js') });
		const plain = await plainPage.evaluate(async (batch) => {
			/** @type {Record<string, unknown>[]} */
			const docs = [];
			for (let checkpoint = 0; ;) {
				const res = await fetch(`/api/sync/v1/letters/pull?checkpoint=${checkpoint}&limit=1000&v=1`);
				const body = await res.json();
				docs.push(...body.documents);
				checkpoint = body.checkpoint.seq;
				if (body.documents.length < 1000) break;
			}
			const Dexie = /** @type {any} */ (window).Dexie;
			/**
			 * bulkPut of every document in batches into a fresh table with the given indexes.
			 * @param {string} stores
			 * @param {(doc: any) => any} shape
			 */
			const put = async (stores, shape) => {
				const db = new Dexie('bench-plain-dexie');
				db.version(1).stores({ docs: stores });
				await db.open();
				const rows = docs.map(shape);
				const started = performance.now();
				for (let i = 0; i < rows.length; i += batch) await db.docs.bulkPut(rows.slice(i, i + batch));
				const ms = performance.now() - started;
				db.close();
				await Dexie.delete('bench-plain-dexie');
				return ms;
			};
			const ms = await put('id', (doc) => doc);
			// The floor for any write into RxDB's Dexie table: the same documents as RxDB stores them, into a
			// table with the indexes RxDB's Dexie storage always keeps (getDexieStoreSchema).
			const lwt = Date.now();
			const rxTableMs = await put('id, [_deleted+id], [_meta.lwt+id], _meta.lwt', (doc) => ({
				...doc,
				_deleted: '0',
				_rev: '1-bench',
				_meta: { lwt, o: { _rev: 1, hash: 'bench' } },
				_attachments: {}
			}));
			return { ms, rxTableMs, docs: docs.length };
		}, 1000);
		await plainContext.close();
		result.sync = {
			ms: round(syncMs),
			docsPerSec: round((count / syncMs) * 1000),
			bulkPages: sync.bulkPages,
			storageWriteMs: round(writeMs),
			changeEventsMs: round(eventsMs),
			pullRequests: sync.pulls,
			progressBarShown: progressBar,
			fromNavigationMs: round(sync.done),
			plainDexieMs: round(plain.ms),
			plainDexieDocs: plain.docs,
			rxTableDexieMs: round(plain.rxTableMs),
			ratio: round(syncMs / plain.ms, 2),
			ratioToRxTable: round(syncMs / plain.rxTableMs, 2)
		};

		// 4. First inbox row on a reload, from navigation start: online, then offline through the worker.
		const reloads = async () => {
			/** @type {number[]} */
			const rows = [];
			/** @type {number[]} */
			const ready = [];
			for (let i = 0; i < RELOADS; i++) {
				const reloadProfile =
					process.env.BENCH_PROFILE_RELOAD && i === RELOADS - 1 ? await context.newCDPSession(page) : null;
				if (reloadProfile) {
					await reloadProfile.send('Profiler.enable');
					await reloadProfile.send('Profiler.setSamplingInterval', { interval: 100 });
					await reloadProfile.send('Profiler.start');
				}
				await page.reload();
				const first = await page.waitForFunction(() => /** @type {any} */ (window).__bench.firstRow, null, {
					polling: 10,
					timeout: 60_000
				});
				rows.push(Number(await first.jsonValue()));
				if (reloadProfile && process.env.BENCH_PROFILE_RELOAD) {
					const { profile } = await reloadProfile.send('Profiler.stop');
					writeFileSync(process.env.BENCH_PROFILE_RELOAD, JSON.stringify(profile));
				}
				if (debug) {
					const timing = await page.evaluate(() => {
						const nav = /** @type {PerformanceNavigationTiming} */ (
							performance.getEntriesByType('navigation')[0]
						);
						const session = performance
							.getEntriesByType('resource')
							.find((e) => e.name.includes('/api/v1/session'));
						const scripts = performance
							.getEntriesByType('resource')
							.filter((e) => e.name.includes('/_app/'))
							.map((e) => /** @type {PerformanceResourceTiming} */ (e).responseEnd);
						return {
							responseEnd: Math.round(nav.responseEnd),
							domInteractive: Math.round(nav.domInteractive),
							scriptsDone: Math.round(Math.max(0, ...scripts)),
							session: session
								? [
										Math.round(session.startTime),
										Math.round(/** @type {PerformanceResourceTiming} */ (session).responseEnd)
									]
								: null,
							firstRow: Math.round(/** @type {any} */ (window).__bench.firstRow)
						};
					});
					console.log('reload timing', JSON.stringify(timing));
				}
				const full = await page.waitForFunction(() => /** @type {any} */ (window).__bench.indexReady, null, {
					polling: 20,
					timeout: 120_000
				});
				ready.push(Number(await full.jsonValue()));
			}
			return {
				firstRowMs: round(percentile(rows, 50)),
				indexReadyMs: round(percentile(ready, 50)),
				runs: rows.map((v) => round(v))
			};
		};
		await settle(page);
		result.reloadOnline = await reloads();
		const worker = await page
			.evaluate(() =>
				Promise.race([
					navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : false,
					new Promise((r) => setTimeout(() => r(false), 10_000))
				])
			)
			.catch(() => false);
		if (worker) {
			await context.setOffline(true);
			try {
				result.reloadOffline = await reloads();
			} finally {
				await context.setOffline(false);
			}
		} else {
			result.reloadOffline = {
				firstRowMs: null,
				indexReadyMs: null,
				note: 'no service worker in this build: an offline reload is not possible'
			};
		}
		await context.close();
	} finally {
		await browser.close();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}

	result.targets = TARGETS;
	result.met = {
		ratio: result.sync.ratio <= TARGETS.ratio,
		docsPerSec: result.sync.docsPerSec >= TARGETS.docsPerSec,
		deliveryP95: result.delivery.p95 <= TARGETS.deliveryP95,
		firstRowOffline:
			result.reloadOffline.firstRowMs !== null && result.reloadOffline.firstRowMs <= TARGETS.firstRowOffline
	};
	mkdirSync(join(root, 'bench/results'), { recursive: true });
	writeFileSync(join(root, 'bench/results/sync.json'), JSON.stringify(result, null, '\t') + '\n');

	/** @param {boolean} met */
	const yes = (met) => (met ? 'yes' : 'no');
	/** @param {number | null} ms */
	const ms = (ms) => (ms === null ? 'n/a' : `${ms} ms`);
	console.table([
		{ measure: `first sync of ${count} letters into RxDB`, value: ms(result.sync.ms), target: '', met: '' },
		{
			measure: 'sync rate',
			value: `${result.sync.docsPerSec} docs/s`,
			target: `≥ ${TARGETS.docsPerSec}`,
			met: yes(result.met.docsPerSec)
		},
		{ measure: 'plain Dexie bulkPut, same docs', value: ms(result.sync.plainDexieMs), target: '', met: '' },
		{
			measure: 'sync ÷ plain Dexie',
			value: `${result.sync.ratio}×`,
			target: `≤ ${TARGETS.ratio}×`,
			met: yes(result.met.ratio)
		},
		{
			measure: "plain Dexie bulkPut into a table with RxDB's indexes",
			value: ms(result.sync.rxTableDexieMs),
			target: '',
			met: ''
		},
		{
			measure: "sync ÷ that (RxDB's table as the floor)",
			value: `${result.sync.ratioToRxTable}×`,
			target: '',
			met: ''
		},
		{
			measure: `sender POST → row visible, p50 (n=${result.delivery.n})`,
			value: ms(result.delivery.p50),
			target: '',
			met: ''
		},
		{
			measure: 'sender POST → row visible, p95',
			value: ms(result.delivery.p95),
			target: `≤ ${TARGETS.deliveryP95} ms`,
			met: yes(result.met.deliveryP95)
		},
		{
			measure: 'first inbox row, online reload (median)',
			value: ms(result.reloadOnline.firstRowMs),
			target: '',
			met: ''
		},
		{
			measure: 'first inbox row, offline reload (median)',
			value: ms(result.reloadOffline.firstRowMs),
			target: `≤ ${TARGETS.firstRowOffline} ms`,
			met: yes(result.met.firstRowOffline)
		},
		{
			measure: 'whole list index ready, offline reload',
			value: ms(result.reloadOffline.indexReadyMs),
			target: '',
			met: ''
		}
	]);
	return result;
}
