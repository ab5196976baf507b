/**
 * The mailbox database in the browser: one RxDB database per signed-in citizen, created once per page
 * (./open-database.ts), removed at sign-out.
 * Dexie (IndexedDB) storage normally; memory storage when the citizen chose "this is a shared computer".
 */
import {
	addRxPlugin,
	createRxDatabase,
	normalizeMangoQuery,
	prepareQuery,
	removeRxDatabase,
	type RxCollection,
	type RxDatabase,
	type RxStorage
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { FolderDoc } from '$lib/schemas/folder';
import type { LetterDoc } from '$lib/schemas/letter';
import type { OutgoingDoc } from '$lib/schemas/outgoing';
import { conflictHandlers } from '$lib/sync/merge';
import { folderSchema, letterSchema, migrationStrategies, outgoingSchema } from './schemas';
import { openDatabase, setOpenDatabase } from './open-database';

export type StorageKind = 'persistent' | 'memory';
export type LetterData = Omit<LetterDoc, '_deleted'>;
export type FolderData = Omit<FolderDoc, '_deleted'>;
export type OutgoingData = Omit<OutgoingDoc, '_deleted'>;

export interface MailCollections {
	letters: RxCollection<LetterData>;
	folders: RxCollection<FolderData>;
	outgoing: RxCollection<OutgoingData>;
}
export type MailDatabase = RxDatabase<MailCollections>;

/** RxDB names allow [a-z0-9_$-]; IndexedDB then holds `rxdb-dexie-<name>--<version>--<collection>`. */
export function databaseName(citizenId: string): string {
	return 'postkasse-' + citizenId.toLowerCase().replace(/[^a-z0-9]/g, '-');
}

export const DEXIE_PREFIX = 'rxdb-dexie-';

async function storageFor(kind: StorageKind): Promise<RxStorage<unknown, unknown>> {
	let storage: RxStorage<unknown, unknown> =
		kind === 'memory'
			? // Only "shared computer" sign-ins use it, so its code loads only for them.
				(await import('rxdb/plugins/storage-memory')).getRxStorageMemory()
			: // Relaxed durability: IndexedDB reports a write done before the OS has flushed it to disk. The
				// mailbox is a copy of the server's; at worst a power cut loses the last moments of local changes.
				getRxStorageDexie({ chromeTransactionDurability: 'relaxed' });
	if (import.meta.env.DEV) {
		// Dev-mode checks schemas and queries and needs a validator; neither ships to production.
		const [{ RxDBDevModePlugin, disableWarnings }, { wrappedValidateAjvStorage }] = await Promise.all([
			import('rxdb/plugins/dev-mode'),
			import('rxdb/plugins/validate-ajv')
		]);
		disableWarnings();
		addRxPlugin(RxDBDevModePlugin);
		storage = wrappedValidateAjvStorage({ storage });
	}
	return storage;
}

/**
 * Whether this device holds a collection of the database in an older schema version (Dexie names each
 * `rxdb-dexie-<name>--<version>--<collection>`; RxDB's own store is always version 0). Where IndexedDB
 * cannot be asked, the answer is yes.
 */
export async function olderVersionStored(name: string): Promise<boolean> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
	const current = {
		letters: letterSchema.version,
		folders: folderSchema.version,
		outgoing: outgoingSchema.version
	};
	return (await indexedDbNames()).some((dbName) => {
		const match = new RegExp(`^${DEXIE_PREFIX}${name}--(\\d+)--(letters|folders|outgoing)$`).exec(dbName);
		return match !== null && Number(match[1]) < current[match[2] as keyof typeof current];
	});
}

/**
 * Creates the database. Pages use openMailDatabase (one per page); tests may create several side by side,
 * each under its own name.
 */
export async function createMailDatabase(
	citizenId: string,
	kind: StorageKind,
	name: string = databaseName(citizenId)
): Promise<MailDatabase> {
	// A device that stored an older schema version migrates its documents (and the replication's bookkeeping)
	// when the collections are added. The migration code loads only then; elsewhere RxDB must not try
	// (autoMigrate), as it would need that code just to find there is nothing to do.
	const migrate = await olderVersionStored(name);
	if (migrate) {
		const { RxDBMigrationSchemaPlugin } = await import('rxdb/plugins/migration-schema');
		addRxPlugin(RxDBMigrationSchemaPlugin);
	}
	const db = await createRxDatabase<MailCollections>({
		name,
		storage: await storageFor(kind),
		// Memory storage lives in this tab alone, so each tab must replicate for itself.
		multiInstance: kind === 'persistent',
		eventReduce: true
	});
	await db.addCollections({
		letters: {
			schema: letterSchema,
			conflictHandler: conflictHandlers.letters,
			migrationStrategies: migrationStrategies.letters,
			autoMigrate: migrate
		},
		folders: {
			schema: folderSchema,
			conflictHandler: conflictHandlers.folders,
			migrationStrategies: migrationStrategies.folders,
			autoMigrate: migrate
		},
		outgoing: {
			schema: outgoingSchema,
			conflictHandler: conflictHandlers.outgoing,
			migrationStrategies: migrationStrategies.outgoing,
			autoMigrate: migrate
		}
	});
	return db;
}

/**
 * Every letter, read straight from the storage: one IndexedDB scan without building an RxDocument per letter
 * (the list index keeps only a small row of each).
 */
export async function readAllLetters(db: MailDatabase): Promise<LetterData[]> {
	const schema = db.letters.schema.jsonSchema;
	const query = prepareQuery(schema, normalizeMangoQuery(schema, { selector: {} }));
	const { documents } = await db.letters.storageInstance.query(query);
	return documents;
}

export function openMailDatabase(citizenId: string, kind: StorageKind): Promise<MailDatabase> {
	const key = `${citizenId}\n${kind}`;
	const current = openDatabase();
	if (current?.key === key) return current.promise;
	const previous = current?.promise;
	const promise = (async () => {
		if (previous) await previous.then((db) => db.close()).catch(() => undefined);
		return createMailDatabase(citizenId, kind);
	})();
	setOpenDatabase({ key, promise });
	promise.catch(() => {
		if (openDatabase()?.promise === promise) setOpenDatabase(undefined);
	});
	return promise;
}

/** Removes the database this page has open, if any (whoever's it is, whatever its storage). */
export async function removeOpenMailDatabase(): Promise<void> {
	const current = openDatabase();
	setOpenDatabase(undefined);
	const db = current ? await current.promise.catch(() => null) : null;
	if (db) await db.remove().catch(() => undefined);
}

/**
 * Removes a citizen's database from this device: the open one through RxDB, then whatever IndexedDB still
 * holds under its name (replication metadata included), so nothing is left behind.
 */
export async function removeMailDatabase(citizenId: string): Promise<void> {
	const name = databaseName(citizenId);
	const current = openDatabase();
	if (current && current.key.startsWith(`${citizenId}\n`)) {
		setOpenDatabase(undefined);
		const db = await current.promise.catch(() => null);
		if (db) await db.remove().catch(() => undefined);
	}
	const prefix = `${DEXIE_PREFIX}${name}--`;
	if (!(await indexedDbNames()).some((dbName) => dbName.startsWith(prefix))) return;
	await removeRxDatabase(name, getRxStorageDexie(), true).catch(() => undefined);
	await deleteIndexedDbDatabases((dbName) => dbName.startsWith(prefix));
}

/** Names of the IndexedDB databases on this origin (Chromium, Firefox ≥ 126 and Safari support this). */
export async function indexedDbNames(): Promise<string[]> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
	const list = await indexedDB.databases();
	return list.map((info) => info.name).filter((name): name is string => !!name);
}

export async function deleteIndexedDbDatabases(match: (name: string) => boolean): Promise<void> {
	const names = (await indexedDbNames()).filter(match);
	await Promise.all(
		names.map(
			(name) =>
				new Promise<void>((resolve) => {
					const request = indexedDB.deleteDatabase(name);
					request.onsuccess = request.onerror = request.onblocked = () => resolve();
				})
		)
	);
}

/** The sanitized citizen ids of every mailbox database on this device. */
export async function mailDatabaseOwners(): Promise<Set<string>> {
	const owners = new Set<string>();
	for (const name of await indexedDbNames()) {
		const match = /^rxdb-dexie-postkasse-(.+?)--\d+--/.exec(name);
		if (match) owners.add(match[1]!);
	}
	return owners;
}
