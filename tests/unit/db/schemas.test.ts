import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getAjv, wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createMailDatabase, databaseName, olderVersionStored, type MailDatabase } from '../../../src/lib/db';
import { generateRxSchemas, storageVersions } from '../../../src/lib/db/generate-schemas';
import { folderSchema, letterSchema, outgoingSchema } from '../../../src/lib/db/schemas';
import { folderDoc } from '../../../src/lib/schemas/folder';
import { letterDoc } from '../../../src/lib/schemas/letter';
import { outgoingDoc } from '../../../src/lib/schemas/outgoing';
import { SqliteDatabase } from '../../../src/lib/server/db/sqlite-engine';
import type { Queryable } from '../../../src/lib/server/db/engine';
import { seedDemo } from '../../../src/lib/server/seed/demo';
import { foldersHandler } from '../../../src/lib/server/sync/folders';
import { lettersHandler } from '../../../src/lib/server/sync/letters';
import { outgoingHandler } from '../../../src/lib/server/sync/outgoing';
import { folder, letter, outgoing } from '../sync/fixtures';

const wireFields = (shape: Record<string, unknown>) =>
	Object.keys(shape)
		.filter((k) => k !== '_deleted')
		.sort();

/** Fields the wire type always has: every field but the optional ones (new fields are optional). */
const requiredFields = (shape: Record<string, { def: { type: string } }>) =>
	wireFields(shape).filter((k) => shape[k]!.def.type !== 'optional');

const stored = <T extends { _deleted: boolean }>({ _deleted: _gone, ...rest }: T) => rest;

describe('RxDB schemas', () => {
	it('are what the zod schemas generate (run `npm run generate:schemas` after changing a zod schema)', () => {
		const committed = JSON.parse(readFileSync('src/lib/db/schemas.json', 'utf8'));
		expect(committed).toEqual(generateRxSchemas());
	});

	it('have exactly the fields of the zod wire types, requiring the ones zod requires, at the current storage version', () => {
		for (const [schema, zod, version] of [
			[letterSchema, letterDoc, storageVersions.letters],
			[folderSchema, folderDoc, storageVersions.folders],
			[outgoingSchema, outgoingDoc, storageVersions.outgoing]
		] as const) {
			expect(Object.keys(schema.properties).sort()).toEqual(wireFields(zod.shape));
			expect([...(schema.required as string[])].sort()).toEqual(requiredFields(zod.shape));
			expect(schema.version).toBe(version);
			expect(schema.properties.id).toMatchObject({ type: 'string', maxLength: 36 });
		}
	});

	it('names a database per citizen with the characters RxDB allows', () => {
		expect(databaseName('3F2C1A7E-0B1D-4D4E-9A7B-2C3D4E5F6A7B')).toBe(
			'postkasse-3f2c1a7e-0b1d-4d4e-9a7b-2c3d4e5f6a7b'
		);
	});
});

describe('accept what the server sends', () => {
	let dir: string;
	let db: SqliteDatabase;
	let mailboxId: string;
	let mail: MailDatabase | undefined;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'postkasse-schemas-'));
		db = new SqliteDatabase(join(dir, 'postkasse.db'));
		await seedDemo(db, join(dir, 'demo.json'));
		mailboxId = (await db.value<string>('SELECT id FROM mailboxes'))!;
	}, 120_000);

	afterAll(async () => {
		await mail?.remove();
		await db.close();
		rmSync(dir, { recursive: true, force: true });
	});

	/** The server's documents as a device receives them: a pull answer, through JSON. */
	async function pulled<T>(handler: {
		pull(q: Queryable, mailbox: string, from: number, limit: number): Promise<{ documents: T[] }>;
	}) {
		return JSON.parse(JSON.stringify((await handler.pull(db, mailboxId, 0, 1000)).documents)) as T[];
	}

	it('every demo letter, folder and message passes the generated schema (the validator RxDB uses)', async () => {
		const cases = [
			[letterSchema, await pulled(lettersHandler)],
			[folderSchema, await pulled(foldersHandler)],
			[outgoingSchema, await pulled(outgoingHandler)]
		] as const;
		for (const [schema, documents] of cases) {
			expect(documents.length).toBeGreaterThan(0);
			const validate = getAjv().compile(schema as RxJsonSchema<unknown>);
			for (const document of documents) {
				const valid = validate(stored(document as { _deleted: boolean }));
				expect(valid, JSON.stringify(validate.errors)).toBe(true);
			}
		}
	});

	it('stores them in a mailbox database (dev-mode checks the schema and every write)', async () => {
		mail = await createMailDatabase('c', 'memory', `schema-${randomUUID().slice(0, 8)}`);
		const letters = await pulled(lettersHandler);
		await mail.letters.bulkInsert(letters.map(stored));
		await mail.folders.bulkInsert((await pulled(foldersHandler)).map(stored));
		await mail.outgoing.bulkInsert((await pulled(outgoingHandler)).map(stored));
		expect(await mail.letters.count().exec()).toBe(letters.length);
		const one = letters[0]!;
		expect((await mail.letters.findOne(one.id).exec())?.toJSON()).toEqual(stored(one));
	});

	it('refuses a document that breaks the schema', async () => {
		const { _deleted: _l, ...bad } = letter();
		await expect(mail!.letters.insert({ ...bad, read: 'yes' as unknown as boolean })).rejects.toThrow();
	});
});

describe('letters with MeMo data', () => {
	it('store a letter with kept MeMo data and a technical document', async () => {
		const l = letterDoc.parse(
			letter({
				memo: {
					messageType: 'NEMSMS',
					doNotDeliverUntilDate: '2026-12-24',
					Sender: { senderID: '64942212', idType: 'CVR', label: 'Københavns Kommune' },
					ContentData: { CPRdata: { cprNumber: '3112201234', name: 'Ida' } },
					ReplyData: [{ messageUUID: randomUUID(), comment: 'Svar' }]
				},
				documents: [
					{
						id: 'd1',
						kind: 'main',
						documentID: 'BREV-1',
						title: 'Brev',
						bodyHtml: '<p>Hej</p>',
						files: [],
						actions: []
					},
					{
						id: 'd2',
						kind: 'technical',
						title: 'Data',
						bodyHtml: null,
						files: [{ id: 'f', filename: 'd.xml', contentType: 'text/xml', size: 9, language: null }],
						actions: []
					}
				]
			})
		);
		const db = await createMailDatabase('c', 'memory', `memo-${randomUUID().slice(0, 8)}`);
		try {
			await db.letters.insert(stored(l));
			expect((await db.letters.findOne(l.id).exec())?.toJSON()).toEqual(stored(l));
		} finally {
			await db.remove();
		}
	});
});

describe('a device that stored the hand-written version 0 schemas', () => {
	it('is recognised by its IndexedDB names, so only such a device loads the migration', async () => {
		const names = (list: string[]) => ({ databases: async () => list.map((name) => ({ name })) });
		const original = globalThis.indexedDB;
		try {
			globalThis.indexedDB = names([
				'rxdb-dexie-postkasse-a--0--_rxdb_internal',
				'rxdb-dexie-postkasse-a--3--letters',
				'rxdb-dexie-postkasse-a--1--folders',
				'rxdb-dexie-postkasse-b--0--folders',
				'rxdb-dexie-postkasse-c--1--letters',
				'rxdb-dexie-postkasse-d--2--letters'
			]) as unknown as IDBFactory;
			expect(await olderVersionStored('postkasse-a')).toBe(false);
			expect(await olderVersionStored('postkasse-b')).toBe(true);
			// letters' version 1 (before the MeMo fields were generated) and 2 (before documents' PDF text) are
			// older than its version 3
			expect(await olderVersionStored('postkasse-c')).toBe(true);
			expect(await olderVersionStored('postkasse-d')).toBe(true);
		} finally {
			globalThis.indexedDB = original;
		}
	});

	it('keeps its documents when it opens the database with the generated schemas', async () => {
		const old = JSON.parse(readFileSync('tests/unit/db/schemas-v0.json', 'utf8')) as Record<
			'letters' | 'folders' | 'outgoing',
			RxJsonSchema<unknown>
		>;
		const name = `migrate-${randomUUID().slice(0, 8)}`;
		const before = await createRxDatabase({
			name,
			storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
			multiInstance: false
		});
		await before.addCollections({
			letters: { schema: old.letters },
			folders: { schema: old.folders },
			outgoing: { schema: old.outgoing }
		});
		const [l, f, o] = [stored(letter({ read: true })), stored(folder()), stored(outgoing())];
		await before.letters!.insert(l);
		await before.folders!.insert(f);
		// Messages stored before attachments existed have none after the migration (outgoing version 2).
		const { attachments, ...withoutAttachments } = o;
		expect(attachments).toEqual([]);
		await before.outgoing!.insert(withoutAttachments);
		await before.close();

		const after = await createMailDatabase('c', 'memory', name);
		try {
			expect((await after.letters.findOne(l.id).exec())?.toJSON()).toEqual(l);
			expect((await after.folders.findOne(f.id).exec())?.toJSON()).toEqual(f);
			expect((await after.outgoing.findOne(o.id).exec())?.toJSON()).toEqual(o);
		} finally {
			await after.remove();
		}
	});
});
