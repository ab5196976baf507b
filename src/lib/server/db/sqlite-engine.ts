import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations';
import { StorageMisuse, type Database, type Health, type Queryable, type SqlParams, type Tx } from './engine';
import { checkParams, prepare, sqliteValue } from './sql';
import { refuseEnded, refuseInside, runCommitHooks, runInside } from './scope';

/** Opens (creating if needed) a SQLite file, sets it up for one writer and many readers, migrates it. */
function openFile(path: string): BetterSqlite3.Database {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const raw = new BetterSqlite3(path);
	raw.pragma('journal_mode = WAL');
	raw.pragma('foreign_keys = ON');
	// Tests and fixtures open the same file from another process; wait instead of failing with SQLITE_BUSY.
	raw.pragma('busy_timeout = 5000');
	raw.pragma('synchronous = NORMAL');
	migrate(raw);
	return raw;
}

function migrate(raw: BetterSqlite3.Database): void {
	const run = raw.transaction(() => {
		const current = raw.pragma('user_version', { simple: true }) as number;
		for (let version = current; version < migrations.length; version++) {
			raw.exec(migrations[version]!);
			raw.pragma(`user_version = ${version + 1}`);
		}
	});
	run.immediate();
}

/**
 * Lets one task at a time use the connection. better-sqlite3 is synchronous, but a transaction body
 * awaits between statements; without this, another request's statements would land inside it.
 */
class Mutex {
	private tail: Promise<void> = Promise.resolve();
	private waiting = 0;

	get idle(): boolean {
		return this.waiting === 0;
	}

	async run<T>(fn: () => Promise<T>): Promise<T> {
		const before = this.tail;
		let release!: () => void;
		this.tail = new Promise((resolve) => (release = resolve));
		this.waiting++;
		try {
			await before;
			return await fn();
		} finally {
			this.waiting--;
			release();
		}
	}
}

type Mode = 'one' | 'all' | 'value' | 'run';

class Statements {
	private readonly cache = new Map<string, BetterSqlite3.Statement>();

	constructor(readonly raw: BetterSqlite3.Database) {}

	/** Runs one statement of the shared dialect. `readOnly` refuses writes (snapshots). */
	execute(sql: string, params: SqlParams, mode: Mode, inTx: boolean, readOnly: boolean): unknown {
		const prepared = prepare(sql);
		checkParams(prepared, params);
		if (prepared.locks && !inTx)
			throw new StorageMisuse(`row locks outside a transaction lock nothing: ${sql}`);
		let stmt = this.cache.get(prepared.sqlite);
		if (!stmt) {
			stmt = this.raw.prepare(prepared.sqlite);
			if (this.cache.size >= 1000) this.cache.clear();
			this.cache.set(prepared.sqlite, stmt);
		}
		if (readOnly && !stmt.readonly) throw new StorageMisuse(`a snapshot is read-only: ${sql}`);
		const values = prepared.order.map((i) => sqliteValue(params[i]!));
		if (mode === 'run' || !stmt.reader) {
			const changes = stmt.run(...values).changes;
			return mode === 'run' ? changes : mode === 'all' ? [] : undefined;
		}
		if (mode === 'all') return stmt.pluck(false).all(...values);
		if (mode === 'one') return stmt.pluck(false).get(...values);
		return stmt.pluck(true).get(...values);
	}
}

class SqliteTx implements Tx {
	readonly engine = 'sqlite' as const;
	ended = false;
	readonly commitHooks: (() => void | Promise<void>)[] = [];

	constructor(
		private readonly statements: Statements,
		private readonly readOnly: boolean
	) {}

	private async go(sql: string, params: SqlParams, mode: Mode): Promise<never> {
		refuseEnded(this.ended);
		return this.statements.execute(sql, params, mode, true, this.readOnly) as never;
	}

	one<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.go(sql, params, 'one');
	}
	all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
		return this.go(sql, params, 'all');
	}
	value<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.go(sql, params, 'value');
	}
	run(sql: string, params: SqlParams = []): Promise<number> {
		return this.go(sql, params, 'run');
	}
	afterCommit(fn: () => void | Promise<void>): void {
		refuseEnded(this.ended);
		this.commitHooks.push(fn);
	}
}

/** The SQLite engine: one better-sqlite3 connection (WAL), transactions one at a time. */
export class SqliteDatabase implements Database {
	readonly engine = 'sqlite' as const;
	private readonly mutex = new Mutex();
	private readonly statements: Statements;
	private closed = false;

	constructor(readonly path: string) {
		this.statements = new Statements(openFile(path));
	}

	/** The better-sqlite3 handle, for libraries that need it; use it only inside `exclusive`. */
	get raw(): BetterSqlite3.Database {
		return this.statements.raw;
	}

	/** Runs `fn` while no transaction is open and none can start (for libraries using `raw`). */
	exclusive<T>(fn: () => Promise<T>): Promise<T> {
		refuseInside(this, 'exclusive()');
		return this.mutex.run(fn);
	}

	private async statement(sql: string, params: SqlParams, mode: Mode): Promise<never> {
		refuseInside(this, `db.${mode}()`);
		if (this.closed) throw new StorageMisuse('the database is closed');
		// A single statement is atomic; it only has to wait while a transaction is open.
		if (this.mutex.idle) return this.statements.execute(sql, params, mode, false, false) as never;
		return this.mutex.run(async () => this.statements.execute(sql, params, mode, false, false) as never);
	}

	one<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.statement(sql, params, 'one');
	}
	all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
		return this.statement(sql, params, 'all');
	}
	value<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
		return this.statement(sql, params, 'value');
	}
	run(sql: string, params: SqlParams = []): Promise<number> {
		return this.statement(sql, params, 'run');
	}

	private transaction<T>(begin: string, readOnly: boolean, fn: (t: SqliteTx) => Promise<T>): Promise<T> {
		refuseInside(this, 'a nested transaction');
		return this.mutex.run(async () => {
			if (this.closed) throw new StorageMisuse('the database is closed');
			const raw = this.statements.raw;
			const t = new SqliteTx(this.statements, readOnly);
			raw.exec(begin);
			let result: T;
			try {
				result = await runInside(this, () => fn(t));
				t.ended = true;
				raw.exec('COMMIT');
			} catch (err) {
				if (raw.inTransaction) raw.exec('ROLLBACK');
				throw err;
			} finally {
				t.ended = true;
			}
			await runCommitHooks(t.commitHooks);
			return result;
		});
	}

	tx<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
		// IMMEDIATE takes the write lock first, so reads inside see the latest rows (and other processes wait).
		return this.transaction('BEGIN IMMEDIATE', false, fn);
	}

	snapshot<T>(fn: (t: Queryable) => Promise<T>): Promise<T> {
		return this.transaction('BEGIN', true, fn);
	}

	async exec(sql: string): Promise<void> {
		refuseInside(this, 'db.exec()');
		await this.mutex.run(async () => this.statements.raw.exec(sql));
	}

	async health(): Promise<Health> {
		try {
			const version = (await this.exclusive(async () =>
				this.statements.raw.pragma('user_version', { simple: true })
			)) as number;
			return { reachable: true, migrated: version >= migrations.length };
		} catch {
			return { reachable: false, migrated: false };
		}
	}

	async close(): Promise<void> {
		if (this.closed) return;
		await this.mutex.run(async () => {
			this.closed = true;
			this.statements.raw.close();
		});
	}
}
