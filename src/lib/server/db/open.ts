import { databasePath } from '../config';
import type { Database } from './engine';
import { PostgresDatabase } from './postgres-engine';
import { SqliteDatabase } from './sqlite-engine';

export interface StorageConfig {
	/** postgres://… or postgresql://… → PostgreSQL */
	url?: string;
	/** SQLite file when there is no url */
	path?: string;
	/** PostgreSQL pool size */
	poolMax?: number;
	applicationName?: string;
}

/** DATABASE_URL, when set: only PostgreSQL URLs are understood. */
export function databaseUrl(): string | undefined {
	const raw = process.env.DATABASE_URL?.trim();
	if (!raw) return undefined;
	if (!/^postgres(ql)?:\/\//i.test(raw)) {
		throw new Error('DATABASE_URL must start with postgres:// (or be unset to use SQLite at DATABASE_PATH)');
	}
	return raw;
}

function poolMaxFromEnv(): number | undefined {
	const raw = process.env.DATABASE_POOL_MAX;
	if (raw === undefined || raw.trim() === '') return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) {
		throw new Error(`DATABASE_POOL_MAX must be a whole number of at least 1, got "${raw}"`);
	}
	return value;
}

/** Opens and migrates the engine the config names: PostgreSQL for a URL, otherwise SQLite. */
export async function openStorage(config: StorageConfig): Promise<Database> {
	if (config.url) {
		return PostgresDatabase.open({
			url: config.url,
			poolMax: config.poolMax,
			applicationName: config.applicationName
		});
	}
	return new SqliteDatabase(config.path ?? databasePath());
}

/** The engine the environment names: DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite). */
export function storageConfigFromEnv(): StorageConfig {
	return { url: databaseUrl(), path: databasePath(), poolMax: poolMaxFromEnv() };
}

let shared: Promise<Database> | undefined;

/** The process's database, opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
	shared ??= openStorage(storageConfigFromEnv()).catch((err) => {
		shared = undefined; // let the next call try again (readyz keeps answering 503 meanwhile)
		throw err;
	});
	return shared;
}

export async function closeDatabase(): Promise<void> {
	const db = shared;
	shared = undefined;
	if (db) await (await db).close();
}
