// Notice benchmark: the built server with e-mail and SMS going to a real SMTP server and an SMS-gateway HTTP
// server inside this process. BENCH_NOTIFY_LETTERS letters (default 10,000) are delivered through the
// sender API, round-robin to BENCH_NOTIFY_CITIZENS citizens (default 1,000) with e-mail and SMS on, and
// BENCH_NOTIFY_BASELINE_LETTERS (default 3,000) to as many citizens without notices (the baseline).
// Measures the sender API's latency with and without notices, the time from a citizen's first letter to its
// first notice at the SMTP server and the SMS gateway, and the notices per second one worker sustains
// draining a backlog (queued by a server started with NOTIFY_WORKER=0, then sent by a restarted one).
// BENCH_NOTIFY_BATCH_SECONDS (default 15) shortens the 5-minute batch window so the run takes a few minutes.
// Targets are reported, never enforced.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createJiti } from 'jiti';
import { startBuiltServer } from '../../scripts/built-server.js';
import { deliver } from '../lib/deliver.js';

const root = new URL('../../', import.meta.url).pathname;
const jiti = createJiti(import.meta.url);

const LETTERS = Number(process.env.BENCH_NOTIFY_LETTERS ?? 10_000);
/** Letters of the baseline (no notices): enough for a steady p95, fewer to keep the run short. */
const BASELINE_LETTERS = Number(process.env.BENCH_NOTIFY_BASELINE_LETTERS ?? 3_000);
const CITIZENS = Number(process.env.BENCH_NOTIFY_CITIZENS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_NOTIFY_CONCURRENCY ?? 8);
const BATCH_SECONDS = Number(process.env.BENCH_NOTIFY_BATCH_SECONDS ?? 15);
const TARGETS = { firstNoticeP95: 2000, apiSlowdown: 1.1 };

/** @typedef {typeof import('../../tests/fixtures/notify')} NotifyFixtures */
/** @typedef {typeof import('../../tests/fixtures/citizens')} CitizenFixtures */
/** @typedef {typeof import('../../src/lib/server/db/sqlite-engine')} SqliteEngine */

/**
 * @param {number[]} values
 * @param {number} p
 */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

/** @param {number | null} value */
const round = (value) => (value === null ? null : Math.round(value));

/**
 * Citizens written straight into the database (no password: they never sign in), each with a mailbox;
 * with `notices`, a confirmed e-mail address and mobile number and both channels on.
 * @param {import('better-sqlite3').Database} db
 * @param {string} prefix two digits that keep the CPR numbers of the groups apart
 * @param {number} count
 * @param {boolean} notices
 */
function insertCitizens(db, prefix, count, notices) {
	const now = Date.now();
	/** @type {{ cpr: string, email: string, msisdn: number }[]} */
	const made = [];
	db.transaction(() => {
		const citizen = db.prepare(
			'INSERT INTO citizens (id, user_id, cpr, name, registered_at, created_at) VALUES (?, ?, ?, ?, ?, ?)'
		);
		const mailbox = db.prepare('INSERT INTO mailboxes (id, citizen_id) VALUES (?, ?)');
		const contact = db.prepare(
			'INSERT INTO notify_contacts (citizen_id, channel, address, confirmed_at, created_at) VALUES (?, ?, ?, ?, ?)'
		);
		const settings = db.prepare(
			`INSERT INTO notify_settings (citizen_id, locale, email_on, sms_on, push_on, updated_at)
			 VALUES (?, 'da', 1, 1, 0, ?)`
		);
		for (let i = 0; i < count; i++) {
			const id = randomUUID();
			// Dated 30 February: no real person has these numbers.
			const cpr = `30${prefix}${String(i).padStart(6, '0')}`;
			citizen.run(id, `bench-${prefix}-${i}`, cpr, `Bench ${i}`, now, now);
			mailbox.run(randomUUID(), id);
			const email = `bench-${prefix}-${i}@example.test`;
			const msisdn = 4520000000 + Number(prefix) * 100_000 + i;
			if (notices) {
				contact.run(id, 'email', email, now, now);
				contact.run(id, 'sms', `+${msisdn}`, now, now);
				settings.run(id, now);
			}
			made.push({ cpr, email, msisdn });
		}
	})();
	return made;
}

/**
 * Delivers letters round-robin to `citizens`, `CONCURRENCY` at a time; returns each request's latency and
 * when each citizen's first letter was answered.
 * @param {string} baseUrl
 * @param {string} apiKey
 * @param {{ cpr: string }[]} citizens
 * @param {number} letters
 */
async function deliverAll(baseUrl, apiKey, citizens, letters) {
	/** @type {number[]} */
	const latencies = [];
	/** @type {Map<string, number>} */
	const firstAnswered = new Map();
	let next = 0;
	const lane = async () => {
		while (next < letters) {
			const i = next++;
			const citizen = citizens[i % citizens.length];
			if (!citizen) continue;
			const body = JSON.stringify({
				messageUUID: randomUUID(),
				label: `Brev ${i}`,
				notification: 'Din nye opgørelse er klar.',
				recipient: { idType: 'CPR', recipientID: citizen.cpr },
				mainDocument: {
					label: 'Brev',
					files: [
						{
							encodingFormat: 'text/plain',
							filename: 'brev.txt',
							content: Buffer.from(`Kære borger.\n\nDette er brev nummer ${i}.`).toString('base64')
						}
					]
				}
			});
			const started = performance.now();
			const sentAt = Date.now();
			await deliver(baseUrl, apiKey, body);
			latencies.push(performance.now() - started);
			if (!firstAnswered.has(citizen.cpr)) firstAnswered.set(citizen.cpr, sentAt);
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, lane));
	return { latencies, firstAnswered, ms: performance.now() - started };
}

export async function run() {
	/** @type {NotifyFixtures} */
	const { startSmtpSink, startSmsGateway, notifyEnv } = await jiti.import(
		join(root, 'tests/fixtures/notify.ts')
	);
	/** @type {CitizenFixtures} */
	const { readDemo } = await jiti.import(join(root, 'tests/fixtures/citizens.ts'));
	/** @type {SqliteEngine} */
	const { SqliteDatabase } = await jiti.import(join(root, 'src/lib/server/db/sqlite-engine.ts'));

	const [smtp, sms] = await Promise.all([startSmtpSink(), startSmsGateway()]);
	const dataDir = mkdtempSync(join(tmpdir(), 'postkasse-bench-notify-'));
	/** @param {Record<string, string>} extra */
	const start = (extra = {}) =>
		startBuiltServer({
			dataDir,
			env: notifyEnv(
				{ smtp, sms },
				{ NOTIFY_BATCH_SECONDS: String(BATCH_SECONDS), NOTIFY_POLL_MS: '1000', ...extra }
			)
		});
	let server = await start();
	/** @type {Record<string, any>} */
	const result = {
		letters: LETTERS,
		citizens: CITIZENS,
		concurrency: CONCURRENCY,
		batchSeconds: BATCH_SECONDS
	};
	try {
		const apiKey = readDemo(dataDir).senders.find((s) => s.id === 'skat')?.apiKey;
		if (!apiKey) throw new Error('no demo sender key');
		// The bench reads and bulk-writes the server's SQLite file from outside (better-sqlite3 handle).
		const storage = new SqliteDatabase(join(dataDir, 'postkasse.db'));
		const db = storage.raw;
		const plain = insertCitizens(db, '01', CITIZENS, false);
		const notified = insertCitizens(db, '02', CITIZENS, true);

		// The first deliveries warm the server up (the HTML sanitizer loads on first use): not timed.
		await deliverAll(server.baseUrl, apiKey, plain.slice(0, 50), 100);

		const baseline = await deliverAll(server.baseUrl, apiKey, plain, BASELINE_LETTERS);
		const started = Date.now();
		const withNotices = await deliverAll(server.baseUrl, apiKey, notified, LETTERS);

		// Wait until the outbox is empty: every first notice and every batched follow-up sent.
		const pending = db.prepare("SELECT count(*) FROM notices WHERE status = 'pending'").pluck();
		const deadline = Date.now() + 10 * 60_000;
		while (/** @type {number} */ (pending.get()) > 0) {
			if (Date.now() > deadline) throw new Error('notices still pending after 10 minutes');
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const finishedAt = Date.now();
		const counts = /** @type {{ status: string, n: number }[]} */ (
			db.prepare('SELECT status, count(*) AS n FROM notices GROUP BY status').all()
		);
		const sentInRun = smtp.mails.items.length + sms.messages.items.length;
		const perNotice = /** @type {number} */ (
			db
				.prepare(
					"SELECT avg(c) FROM (SELECT count(*) AS c FROM notice_letters nl JOIN notices n ON n.id = nl.notice_id WHERE n.status = 'sent' GROUP BY nl.notice_id)"
				)
				.pluck()
				.get()
		);

		// Throughput: a backlog of one notice per citizen and channel, queued while no worker runs, then
		// drained by a freshly started one.
		await server.stop();
		server = await start({ NOTIFY_WORKER: '0', NOTIFY_BATCH_SECONDS: '0' });
		await deliverAll(server.baseUrl, apiKey, notified, notified.length);
		const backlog = /** @type {number} */ (pending.get());
		await server.stop();
		const before = smtp.mails.items.length + sms.messages.items.length;
		server = await start({ NOTIFY_BATCH_SECONDS: '0' });
		const drainDeadline = Date.now() + 10 * 60_000;
		while (/** @type {number} */ (pending.get()) > 0) {
			if (Date.now() > drainDeadline) throw new Error('backlog still pending after 10 minutes');
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		const drained = [...smtp.mails.items, ...sms.messages.items]
			.map((m) => m.receivedAt)
			.sort((a, b) => a - b)
			.slice(before);
		await storage.close();

		// First notice per citizen and channel, from the answer to its first letter.
		/** @type {Map<string, number>} */
		const firstMail = new Map();
		for (const mail of smtp.mails.items) {
			const to = mail.to[0] ?? '';
			if (!firstMail.has(to) || /** @type {number} */ (firstMail.get(to)) > mail.receivedAt)
				firstMail.set(to, mail.receivedAt);
		}
		/** @type {Map<number, number>} */
		const firstSms = new Map();
		for (const text of sms.messages.items) {
			if (!firstSms.has(text.msisdn) || /** @type {number} */ (firstSms.get(text.msisdn)) > text.receivedAt)
				firstSms.set(text.msisdn, text.receivedAt);
		}
		/** @type {number[]} */
		const mailLatency = [];
		/** @type {number[]} */
		const smsLatency = [];
		for (const citizen of notified) {
			const sentAt = withNotices.firstAnswered.get(citizen.cpr);
			if (sentAt === undefined) continue;
			const mailAt = firstMail.get(citizen.email);
			const smsAt = firstSms.get(citizen.msisdn);
			if (mailAt !== undefined) mailLatency.push(mailAt - sentAt);
			if (smsAt !== undefined) smsLatency.push(smsAt - sentAt);
		}

		const drainMs =
			drained.length > 1 ? /** @type {number} */ (drained.at(-1)) - /** @type {number} */ (drained[0]) : 0;

		const p95Base = /** @type {number} */ (percentile(baseline.latencies, 95));
		const p95With = /** @type {number} */ (percentile(withNotices.latencies, 95));
		Object.assign(result, {
			api: {
				baseline: {
					p50: round(percentile(baseline.latencies, 50)),
					p95: round(p95Base),
					ms: round(baseline.ms)
				},
				withNotices: {
					p50: round(percentile(withNotices.latencies, 50)),
					p95: round(p95With),
					ms: round(withNotices.ms)
				},
				p95Ratio: Number((p95With / p95Base).toFixed(2))
			},
			firstNotice: {
				email: {
					n: mailLatency.length,
					p50: round(percentile(mailLatency, 50)),
					p95: round(percentile(mailLatency, 95))
				},
				sms: {
					n: smsLatency.length,
					p50: round(percentile(smsLatency, 50)),
					p95: round(percentile(smsLatency, 95))
				}
			},
			worker: {
				sent: sentInRun,
				lettersPerNotice: Number((perNotice ?? 0).toFixed(1)),
				statuses: Object.fromEntries(counts.map((c) => [c.status, c.n])),
				runMs: finishedAt - started,
				backlog,
				drained: drained.length,
				drainPerSecond: drainMs > 0 ? Math.round((drained.length / drainMs) * 1000) : null
			}
		});
	} finally {
		await server.stop();
		await Promise.all([smtp.close(), sms.close()]);
		rmSync(dataDir, { recursive: true, force: true });
	}

	const worstP95 = Math.max(result.firstNotice.email.p95 ?? Infinity, result.firstNotice.sms.p95 ?? Infinity);
	result.targets = TARGETS;
	result.met = {
		firstNoticeP95: worstP95 <= TARGETS.firstNoticeP95,
		apiSlowdown: result.api.p95Ratio <= TARGETS.apiSlowdown
	};
	mkdirSync(join(root, 'bench/results'), { recursive: true });
	writeFileSync(join(root, 'bench/results/notify.json'), JSON.stringify(result, null, '\t') + '\n');

	/** @param {boolean} met */
	const yes = (met) => (met ? 'yes' : 'no');
	console.table([
		{
			measure: `sender API p50 / p95, no notices (${BASELINE_LETTERS} letters)`,
			value: `${result.api.baseline.p50} / ${result.api.baseline.p95} ms`,
			target: '',
			met: ''
		},
		{
			measure: `sender API p50 / p95, e-mail + SMS on (${LETTERS} letters)`,
			value: `${result.api.withNotices.p50} / ${result.api.withNotices.p95} ms`,
			target: `p95 ≤ ${TARGETS.apiSlowdown}× baseline`,
			met: `${yes(result.met.apiSlowdown)} (${result.api.p95Ratio}×)`
		},
		{
			measure: `first letter → first e-mail at the SMTP server, p50 / p95 (n=${result.firstNotice.email.n})`,
			value: `${result.firstNotice.email.p50} / ${result.firstNotice.email.p95} ms`,
			target: `p95 ≤ ${TARGETS.firstNoticeP95} ms`,
			met: yes((result.firstNotice.email.p95 ?? Infinity) <= TARGETS.firstNoticeP95)
		},
		{
			measure: `first letter → first SMS at the gateway, p50 / p95 (n=${result.firstNotice.sms.n})`,
			value: `${result.firstNotice.sms.p50} / ${result.firstNotice.sms.p95} ms`,
			target: `p95 ≤ ${TARGETS.firstNoticeP95} ms`,
			met: yes((result.firstNotice.sms.p95 ?? Infinity) <= TARGETS.firstNoticeP95)
		},
		{
			measure: `notices sent (letters per notice)`,
			value: `${result.worker.sent} (${result.worker.lettersPerNotice})`,
			target: '',
			met: ''
		},
		{
			measure: `worker draining a backlog of ${result.worker.backlog} notices`,
			value: `${result.worker.drainPerSecond} notices/s`,
			target: '',
			met: ''
		}
	]);
}
