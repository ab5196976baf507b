import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import Sqlite from 'better-sqlite3';
import { migrations } from '../../src/lib/server/db/migrations';
import { migratePostgres, postgresMigrations } from '../../src/lib/server/db/postgres-migrations';
import { engines, engineUnderTest, type EngineUnderTest } from './engines';

describe.each(engines)('migrations on %s', (name) => {
	let engine: EngineUnderTest;
	beforeAll(async () => {
		engine = await engineUnderTest(name);
	});
	afterAll(() => engine.dispose());

	it('bring several app processes starting at once onto the same, fully migrated schema', async () => {
		const handles = await Promise.all([engine.open(), engine.open(), engine.open()]);
		for (const db of handles) expect(await db.health()).toEqual({ reachable: true, migrated: true });
		await handles[0]!.run('INSERT INTO meta (key, value) VALUES ($1, $2)', ['started', 'yes']);
		expect(await handles[2]!.value('SELECT value FROM meta WHERE key = $1', ['started'])).toBe('yes');
	});
});

describe('PostgreSQL migrations', () => {
	let engine: EngineUnderTest;
	const pools: pg.Pool[] = [];
	const pool = () => {
		const p = new pg.Pool({ connectionString: engine.where, max: 2 });
		pools.push(p);
		return p;
	};
	beforeAll(async () => {
		engine = await engineUnderTest('postgres');
	});
	afterAll(async () => {
		await Promise.all(pools.map((p) => p.end()));
		await engine.dispose();
	});

	it('run each migration exactly once when three processes migrate an empty database at once', async () => {
		// Three pools are three sessions: without the advisory lock they would race on CREATE TABLE.
		const applied = await Promise.all([
			migratePostgres(pool()),
			migratePostgres(pool()),
			migratePostgres(pool())
		]);
		expect([...applied].sort()).toEqual([0, 0, postgresMigrations.length]);
		const rows = (await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version')).rows;
		expect(rows.map((r) => r.version)).toEqual(postgresMigrations.map((_, i) => i + 1));
	});

	it('roll a failing migration back whole, keep the version, and release the lock', async () => {
		const p = pool();
		const broken = [
			...postgresMigrations,
			'CREATE TABLE half_done (x integer); CREATE TABLE broken (x no_such_type);'
		];
		await expect(migratePostgres(p, broken)).rejects.toThrow(
			`PostgreSQL migration ${postgresMigrations.length + 1} failed`
		);
		const max = (await p.query('SELECT max(version) AS v FROM schema_migrations')).rows[0].v;
		expect(max).toBe(postgresMigrations.length);
		expect((await p.query("SELECT to_regclass('half_done') AS t")).rows[0].t).toBeNull();
		// The lock was released: another process can migrate (nothing left to do).
		expect(await migratePostgres(pool())).toBe(0);
	});
});

describe('the two schemas', () => {
	let sqlite: EngineUnderTest;
	let postgres: EngineUnderTest;
	beforeAll(async () => {
		[sqlite, postgres] = await Promise.all([engineUnderTest('sqlite'), engineUnderTest('postgres')]);
		await Promise.all([sqlite.open(), postgres.open()]);
	});
	afterAll(() => Promise.all([sqlite.dispose(), postgres.dispose()]));

	it('have the same tables and columns, in order, with the same NOT NULLs and matching types', async () => {
		const file = new Sqlite(sqlite.where, { readonly: true });
		const sqliteTables = (
			file
				.prepare(
					"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
				)
				.all() as {
				name: string;
			}[]
		).map((t) => t.name);
		const sqliteColumns = Object.fromEntries(
			sqliteTables.map((table) => [
				table,
				(
					file.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; pk: number }[]
				).map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 || c.pk > 0 }))
			])
		);
		file.close();

		const client = new pg.Client({ connectionString: postgres.where });
		await client.connect();
		const pgRows = (
			await client.query(
				`SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
				 WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position`
			)
		).rows as { table_name: string; column_name: string; udt_name: string; is_nullable: string }[];
		await client.end();
		const pgColumns: Record<string, { name: string; type: string; notNull: boolean }[]> = {};
		for (const row of pgRows) {
			(pgColumns[row.table_name] ??= []).push({
				name: row.column_name,
				type: row.udt_name,
				notNull: row.is_nullable === 'NO'
			});
		}

		expect(Object.keys(pgColumns).sort()).toEqual(sqliteTables);
		const fits: Record<string, string[]> = {
			INTEGER: ['int8', 'int4', 'bool'],
			TEXT: ['text', 'citext', 'varchar'],
			BLOB: ['bytea']
		};
		for (const table of sqliteTables) {
			const lite = sqliteColumns[table]!;
			const post = pgColumns[table]!;
			expect(
				post.map((c) => c.name),
				table
			).toEqual(lite.map((c) => c.name));
			expect(
				post.map((c) => c.notNull),
				table
			).toEqual(lite.map((c) => c.notNull));
			lite.forEach((column, i) => {
				expect(fits[column.type], `${table}.${column.name}: ${column.type}`).toContain(post[i]!.type);
			});
		}
	});

	it('have the same named indexes, each unique and partial alike', async () => {
		type Index = { table: string; name: string; unique: boolean; partial: boolean };
		const byName = (a: Index, b: Index) => a.name.localeCompare(b.name);
		const file = new Sqlite(sqlite.where, { readonly: true });
		const tables = file
			.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
			.pluck()
			.all() as string[];
		// origin 'c': made by CREATE INDEX (not by a PRIMARY KEY or UNIQUE constraint)
		const sqliteIndexes = tables
			.flatMap((table) =>
				(
					file.pragma(`index_list(${table})`) as {
						name: string;
						unique: number;
						origin: string;
						partial: number;
					}[]
				)
					.filter((i) => i.origin === 'c')
					.map((i) => ({ table, name: i.name, unique: i.unique === 1, partial: i.partial === 1 }))
			)
			.sort(byName);
		file.close();

		const client = new pg.Client({ connectionString: postgres.where });
		await client.connect();
		const pgIndexes = (
			await client.query(
				`SELECT t.relname AS table, c.relname AS name, i.indisunique AS unique, i.indpred IS NOT NULL AS partial
				 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
				 JOIN pg_namespace n ON n.oid = t.relnamespace
				 WHERE n.nspname = 'public' AND t.relname <> 'schema_migrations'
				   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`
			)
		).rows as Index[];
		await client.end();

		expect(sqliteIndexes.length).toBeGreaterThan(10);
		expect(pgIndexes.sort(byName)).toEqual(sqliteIndexes);
	});

	it('keep the same number of migrations on both engines', () => {
		// Phase 2 keeps them aligned one to one while the two engines live side by side.
		expect(postgresMigrations.length).toBe(migrations.length);
	});
});
