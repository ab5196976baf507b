import { StorageMisuse, type SqlParams, type SqlValue } from './engine';

/** One statement of the shared dialect (engine.ts), checked and prepared for both engines. */
export interface Prepared {
	/** The text for PostgreSQL: the statement as written. */
	postgres: string;
	/** The text for SQLite: `?` placeholders, row-lock clauses removed. */
	sqlite: string;
	/** For each `?` of the SQLite text, the 0-based index of its parameter. */
	order: number[];
	/** How many parameters the statement takes ($1 … $count). */
	count: number;
	/** It takes row locks (FOR UPDATE …): only meaningful inside a transaction. */
	locks: boolean;
}

const LOCK_CLAUSE =
	/\bFOR\s+(?:NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)(?:\s+OF\s+\w+(?:\s*,\s*\w+)*)?(?:\s+(?:SKIP\s+LOCKED|NOWAIT))?\b/gi;

/** Constructs one engine runs and the other does not; refused on both so tests on either catch them. */
const FORBIDDEN: [RegExp, string][] = [
	[/::/, 'no :: casts (PostgreSQL only)'],
	[/\bILIKE\b/i, 'no ILIKE (PostgreSQL only)'],
	[/\bLIKE\b/i, 'no LIKE: its case rules differ between the engines'],
	[/\bINSERT\s+OR\b/i, 'no INSERT OR REPLACE/IGNORE (SQLite only): use ON CONFLICT'],
	[/\bREPLACE\s+INTO\b/i, 'no REPLACE INTO (SQLite only): use ON CONFLICT'],
	[/\bPRAGMA\b/i, 'no PRAGMA (SQLite only)'],
	[/\browid\b/i, 'no rowid (SQLite only)'],
	[/\b(?:GROUP_CONCAT|string_agg|strftime|datetime|julianday)\s*\(/i, 'no engine-specific functions'],
	[/\bnow\s*\(\s*\)|\bCURRENT_TIMESTAMP\b/i, 'no database clock: pass the time in from JS'],
	[/->>?/, 'no JSON operators: JSON is TEXT, parse it in JS']
];

const cache = new Map<string, Prepared>();
const CACHE_MAX = 2000;

/** Splits SQL into code and the parts that are not code (string literals, quoted names, comments). */
function segments(sql: string): { code: boolean; text: string }[] {
	const out: { code: boolean; text: string }[] = [];
	let code = '';
	let i = 0;
	const flush = () => {
		if (code) out.push({ code: true, text: code });
		code = '';
	};
	while (i < sql.length) {
		const c = sql[i]!;
		const next = sql[i + 1];
		let end = -1;
		if (c === "'" || c === '"') {
			end = i + 1;
			for (;;) {
				end = sql.indexOf(c, end);
				if (end === -1) throw new StorageMisuse(`unterminated ${c} in SQL: ${sql}`);
				if (sql[end + 1] === c)
					end += 2; // doubled quote inside
				else break;
			}
			end += 1;
		} else if (c === '-' && next === '-') {
			end = sql.indexOf('\n', i);
			if (end === -1) end = sql.length;
		} else if (c === '/' && next === '*') {
			end = sql.indexOf('*/', i + 2);
			if (end === -1) throw new StorageMisuse(`unterminated comment in SQL: ${sql}`);
			end += 2;
		}
		if (end === -1) {
			code += c;
			i++;
		} else {
			flush();
			out.push({ code: false, text: sql.slice(i, end) });
			i = end;
		}
	}
	flush();
	return out;
}

/** Checks a statement of the shared dialect and prepares its SQLite form (cached per text). */
export function prepare(sql: string): Prepared {
	const hit = cache.get(sql);
	if (hit) return hit;
	const order: number[] = [];
	let locks = false;
	let sqlite = '';
	for (const part of segments(sql)) {
		if (!part.code) {
			sqlite += part.text;
			continue;
		}
		for (const [pattern, why] of FORBIDDEN) {
			if (pattern.test(part.text)) throw new StorageMisuse(`${why}: ${sql}`);
		}
		let text = part.text.replace(LOCK_CLAUSE, () => {
			locks = true;
			return '';
		});
		if (/\?/.test(text)) throw new StorageMisuse(`use $1, $2, … placeholders, not ?: ${sql}`);
		text = text.replace(/\$(\d+)/g, (_, n: string) => {
			order.push(Number(n) - 1);
			return '?';
		});
		if (/\$/.test(text)) throw new StorageMisuse(`stray $ in SQL (dollar quoting is not shared): ${sql}`);
		sqlite += text;
	}
	const count = order.length === 0 ? 0 : Math.max(...order) + 1;
	for (let n = 0; n < count; n++) {
		if (!order.includes(n))
			throw new StorageMisuse(`$${n + 1} is never used (PostgreSQL cannot type it): ${sql}`);
	}
	const prepared: Prepared = { postgres: sql, sqlite, order, count, locks };
	if (cache.size >= CACHE_MAX) cache.clear();
	cache.set(sql, prepared);
	return prepared;
}

/** Refuses undefined and a wrong number of parameters, the same way on both engines. */
export function checkParams(prepared: Prepared, params: SqlParams): void {
	if (params.length !== prepared.count) {
		throw new StorageMisuse(
			`SQL takes ${prepared.count} parameter(s), got ${params.length}: ${prepared.postgres}`
		);
	}
	params.forEach((value, i) => {
		if (value === undefined)
			throw new StorageMisuse(`parameter $${i + 1} is undefined: ${prepared.postgres}`);
	});
}

/** `$from, $from+1, …` for an IN list of `count` values (neither engine binds arrays the same way). */
export function placeholders(from: number, count: number): string {
	if (count < 1) throw new StorageMisuse('an IN list needs at least one value');
	return Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');
}

/**
 * `($from, …), (…)` for a multi-row INSERT of `rows` rows of `columns` values each. Both engines cap
 * parameters per statement (SQLite 32,766; PostgreSQL 65,535): chunk larger inserts.
 */
export function valueRows(rows: number, columns: number, from = 1): string {
	if (rows < 1 || columns < 1)
		throw new StorageMisuse('a multi-row INSERT needs at least one row and column');
	if (rows * columns > 30_000)
		throw new StorageMisuse('too many parameters for one statement: insert in chunks');
	return Array.from(
		{ length: rows },
		(_, r) => `(${Array.from({ length: columns }, (_, c) => `$${from + r * columns + c}`).join(', ')})`
	).join(', ');
}

/** better-sqlite3 binds numbers, strings, bigints, Buffers and null; flags become 0/1. */
export function sqliteValue(value: SqlValue): number | string | bigint | Buffer | null {
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (value instanceof Uint8Array && !Buffer.isBuffer(value))
		return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	return value as number | string | bigint | Buffer | null;
}
