import { databasePath, databasePoolMax, databaseUrl } from '../config';
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
	return { url: databaseUrl(), path: databasePath(), poolMax: databasePoolMax() };
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
