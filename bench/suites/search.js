// Search benchmark: the offline full-text index (src/lib/mail/search) over BENCH_SEARCH_LETTERS letters (default
// 10,000) of about 300 words, a third of them with a PDF whose text came with the letter. Measures, in Node (the
// same V8 as Chromium; IndexedDB itself is not part of it): building the index as on a first sync, saving it
// (the string kept in IndexedDB), loading the saved index on a cold start, query time (p50/p95 over exact
// words, prefixes, typos and two-word queries), excerpts for a page of hits, and the heap the index takes.
// Targets are reported, never enforced.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createJiti } from 'jiti';

const root = new URL('../../', import.meta.url).pathname;
const jiti = createJiti(import.meta.url, { alias: { $lib: join(root, 'src/lib') } });

const COUNT = Number(process.env.BENCH_SEARCH_LETTERS ?? 10_000);
const QUERIES = 400;
const TARGETS = { queryP95: 50 };

setFlagsFromString('--expose-gc');
/** @type {() => void} */
const gc = runInNewContext('gc');

// A small seeded random source, so every run indexes the same mailbox.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

const common = (
	'og i at det en til er som på de med han af for ikke der var dig du har vi kan skal din dit om fra ' +
	'kommune borger brev sag afgørelse beløb kroner betaling frist måned år ansøgning boligstøtte ejendomsskat ' +
	'skat årsopgørelse pension ydelse bopæl adresse digital post svar klage oplysninger regler lov ' +
	'dokumentation indkomst udbetaling rente gæld opkrævning bidrag tilskud hjælp kontakt telefon'
).split(' ');
const syllables =
	'ba be bo bu da de di do fa fe fi ga ge gi ha he ho ka ke ki ko la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi æ ø å skat bo lig støt te ning hed else'.split(
		' '
	);
/** A vocabulary of made-up words, as varied as real letters' words. */
const rare = Array.from({ length: 20_000 }, () => {
	let word = '';
	const n = 2 + Math.floor(random() * 4);
	for (let i = 0; i < n; i += 1) word += syllables[Math.floor(random() * syllables.length)];
	return word;
});
/** Zipf-like: common words most of the time, the long tail otherwise. */
const word = () =>
	(random() < 0.45
		? common[Math.floor(random() * common.length)]
		: rare[Math.floor(Math.pow(random(), 2) * rare.length)]) ?? '';
/** @param {number} n */
const words = (n) => Array.from({ length: n }, word).join(' ');

/** @typedef {Pick<import('../../src/lib/db').LetterData, 'id' | 'title' | 'senderName' | 'notification' | 'documents'>} Letter */

/**
 * @param {number} i
 * @returns {Letter}
 */
function letter(i) {
	const withPdf = i % 3 === 0;
	const body = words(withPdf ? 120 : 300);
	return {
		id: randomUUID(),
		title: `${words(4)} ${i}`,
		senderName: ['Skattestyrelsen', 'Aarhus Kommune', 'Udbetaling Danmark', 'Politiet'][i % 4] ?? '',
		notification: words(10),
		documents: [
			{
				id: 'd1',
				kind: 'main',
				title: 'Brev',
				bodyHtml: `<p>${body.replace(/(\S+ \S+ \S+ \S+ \S+ \S+ \S+ \S+ \S+ \S+)/g, '$1</p><p>')}</p>`,
				files: [],
				actions: [],
				...(withPdf ? { fileText: words(200) } : {})
			}
		]
	};
}

/**
 * @param {number[]} values
 * @param {number} p
 * @returns {number}
 */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
/**
 * @param {number} value
 * @param {number} [digits]
 */
const round = (value, digits = 1) => Number(value.toFixed(digits));
const heap = () => {
	gc();
	return process.memoryUsage().heapUsed;
};

export async function run() {
	/** @type {typeof import('../../src/lib/mail/search/letter-search')} */
	const { LetterSearch } = await jiti.import(join(root, 'src/lib/mail/search/letter-search.ts'));
	/** @type {typeof import('../../src/lib/mail/search/letter-text')} */
	const { letterText } = await jiti.import(join(root, 'src/lib/mail/search/letter-text.ts'));
	/** @type {typeof import('../../src/lib/mail/search/excerpt')} */
	const { letterExcerpt } = await jiti.import(join(root, 'src/lib/mail/search/excerpt.ts'));

	const letters = Array.from({ length: COUNT }, (_, i) => letter(i));
	const wordsPerLetter = Math.round(
		letters.reduce((sum, l) => sum + Object.values(letterText(l)).join(' ').split(/\s+/).length, 0) / COUNT
	);

	// Warm up the code paths (JIT) on a small index first, as a page would have by then.
	const warm = LetterSearch.empty();
	for (const l of letters.slice(0, 200)) warm.add(letterText(l));
	warm.search('kommune');

	const before = heap();
	let started = performance.now();
	const index = LetterSearch.empty();
	for (const l of letters) index.add(letterText(l));
	const buildMs = performance.now() - started;
	const indexBytes = heap() - before;

	started = performance.now();
	const saved = index.save();
	const saveMs = performance.now() - started;
	const savedBytes = Buffer.byteLength(saved.json);

	// A cold start: the string as IndexedDB hands it back, loaded into a fresh index.
	const copy = JSON.parse(JSON.stringify(saved));
	started = performance.now();
	const loaded = await LetterSearch.load(copy);
	const loadMs = performance.now() - started;
	if (!loaded || loaded.size !== COUNT) throw new Error('the saved index did not load');

	/** @param {string} w */
	const typo = (w) => {
		const at = 1 + Math.floor(random() * (w.length - 2));
		return w.slice(0, at) + (w[at] === 'e' ? 'a' : 'e') + w.slice(at + 1);
	};
	/** @returns {string} */
	const longWord = () => {
		for (;;) {
			const w = rare[Math.floor(Math.pow(random(), 2) * rare.length)] ?? '';
			if (w.length >= 6) return w;
		}
	};
	/** @type {Record<string, () => string>} */
	const kinds = {
		word: () => word(),
		prefix: () => longWord().slice(0, 4),
		typo: () => typo(longWord()),
		twoWords: () => `${common[Math.floor(random() * common.length)]} ${longWord()}`
	};
	/** @type {number[]} */
	const times = [];
	/** @type {Record<string, number[]>} */
	const byKind = {};
	let hits = 0;
	for (let i = 0; i < QUERIES; i += 1) {
		const kind = /** @type {string} */ (Object.keys(kinds)[i % 4]);
		const query = /** @type {() => string} */ (kinds[kind])();
		const t = performance.now();
		hits += loaded.search(query).length;
		const ms = performance.now() - t;
		times.push(ms);
		(byKind[kind] ??= []).push(ms);
	}

	// Excerpts for a page of 50 hits (the page reads these letters from RxDB first).
	const byId = new Map(letters.map((l) => [l.id, l]));
	/** @type {number[]} */
	const excerptTimes = [];
	for (let i = 0; i < 20; i += 1) {
		const page = loaded.search(longWord().slice(0, 3)).slice(0, 50);
		const t = performance.now();
		for (const hit of page) {
			const found = byId.get(hit.id);
			if (found) letterExcerpt(letterText(found), hit.terms);
		}
		excerptTimes.push(performance.now() - t);
	}

	const result = {
		date: new Date().toISOString(),
		node: process.version,
		letters: COUNT,
		wordsPerLetter,
		withPdf: letters.filter((l) => l.documents[0]?.fileText).length,
		buildMs: Math.round(buildMs),
		savedMB: round(savedBytes / 1024 / 1024),
		saveMs: Math.round(saveMs),
		coldLoadMs: Math.round(loadMs),
		heapMB: round(indexBytes / 1024 / 1024),
		query: {
			count: QUERIES,
			p50: round(percentile(times, 50), 2),
			p95: round(percentile(times, 95), 2),
			max: round(Math.max(...times), 2),
			p95ByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(percentile(v, 95), 2)])),
			meanHits: Math.round(hits / QUERIES)
		},
		excerpts50P95: round(percentile(excerptTimes, 95), 2),
		targets: TARGETS,
		met: { queryP95: false }
	};
	result.met.queryP95 = result.query.p95 <= TARGETS.queryP95;
	mkdirSync(join(root, 'bench/results'), { recursive: true });
	writeFileSync(join(root, 'bench/results/search.json'), JSON.stringify(result, null, '\t') + '\n');

	console.table([
		{
			measure: `build the index of ${COUNT} letters (~${wordsPerLetter} words)`,
			value: `${result.buildMs} ms`
		},
		{ measure: 'save it (string kept in IndexedDB)', value: `${result.saveMs} ms, ${result.savedMB} MB` },
		{ measure: 'load the saved index (cold start)', value: `${result.coldLoadMs} ms` },
		{ measure: 'heap the index takes', value: `${result.heapMB} MB` },
		{
			measure: `query p50 / p95 (${QUERIES} queries)`,
			value: `${result.query.p50} / ${result.query.p95} ms`
		},
		{ measure: 'query p95 by kind', value: JSON.stringify(result.query.p95ByKind) },
		{ measure: 'excerpts for 50 hits, p95', value: `${result.excerpts50P95} ms` },
		{ measure: `query p95 ≤ ${TARGETS.queryP95} ms`, value: result.met.queryP95 ? 'met' : 'not met' }
	]);
}
