import { databasePath } from '../config';
import { openDatabase, type Db } from './connection';

export { openDatabase, write, nextSeq, latestSeq, type Db } from './connection';

let db: Db | undefined;

/** The process's one connection to DATABASE_PATH, opened and migrated on first use. */
export function getDb(): Db {
	db ??= openDatabase(databasePath());
	return db;
}

export function closeDb(): void {
	db?.close();
	db = undefined;
}
