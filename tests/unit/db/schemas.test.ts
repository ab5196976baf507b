import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createMailDatabase, databaseName, type MailDatabase } from '../../../src/lib/db';
import { folderSchema, letterSchema, outgoingSchema } from '../../../src/lib/db/schemas';
import { folderDoc } from '../../../src/lib/schemas/folder';
import { letterDoc, type LetterDoc } from '../../../src/lib/schemas/letter';
import { outgoingDoc } from '../../../src/lib/schemas/outgoing';
import { folder, letter, outgoing } from '../sync/fixtures';

const wireFields = (shape: Record<string, unknown>) =>
	Object.keys(shape)
		.filter((k) => k !== '_deleted')
		.sort();
/** Fields the wire type always has: every field but the optional ones (new fields are optional). */
const requiredFields = (shape: Record<string, { def: { type: string } }>) =>
	wireFields(shape).filter((k) => shape[k]!.def.type !== 'optional');

describe('RxDB schemas', () => {
	it('have exactly the fields of the zod wire types, requiring the ones zod requires', () => {
		for (const [schema, zod] of [
			[letterSchema, letterDoc],
			[folderSchema, folderDoc],
			[outgoingSchema, outgoingDoc]
		] as const) {
			expect(Object.keys(schema.properties).sort()).toEqual(wireFields(zod.shape));
			expect([...(schema.required as string[])].sort()).toEqual(requiredFields(zod.shape));
		}
	});

	it('index nothing optional (Dexie refuses that) and cap every indexed string', () => {
		for (const schema of [letterSchema, folderSchema, outgoingSchema]) {
			for (const index of schema.indexes ?? []) {
				for (const field of ([] as string[]).concat(index)) {
					expect(schema.required).toContain(field);
					const property = schema.properties[field as keyof typeof schema.properties] as {
						type: string;
						maxLength?: number;
					};
					if (property.type === 'string') expect(property.maxLength).toBeDefined();
				}
			}
		}
	});

	it('names a database per citizen with the characters RxDB allows', () => {
		expect(databaseName('3F2C1A7E-0B1D-4D4E-9A7B-2C3D4E5F6A7B')).toBe(
			'postkasse-3f2c1a7e-0b1d-4d4e-9a7b-2c3d4e5f6a7b'
		);
	});

	describe('accept wire documents (dev-mode validation)', () => {
		let db: MailDatabase;
		afterAll(async () => {
			await db?.remove();
		});

		it('stores a letter, a folder and an outgoing message as the server sends them', async () => {
			db = await createMailDatabase('c', 'memory', `schema-${randomUUID().slice(0, 8)}`);
			const l = letterDoc.parse(
				letter({
					replyAllowed: true,
					replyBy: '2026-12-01T12:00:00+01:00',
					trashedAt: null,
					documents: [
						{
							id: 'd1',
							kind: 'main',
							title: 'Brev',
							bodyHtml: null,
							files: [
								{ id: 'f1', filename: 'a.pdf', contentType: 'application/pdf', size: 3, language: 'da' }
							],
							actions: [
								{
									label: 'Betal',
									actionCode: 'BETALING',
									url: 'https://betal.dk/x',
									endDateTime: '2026-12-01T12:00:00+01:00'
								}
							]
						}
					]
				})
			);
			const { _deleted: _l, ...letterData } = l;
			await db.letters.insert(letterData);
			const { _deleted: _f, ...folderData } = folderDoc.parse(folder());
			await db.folders.insert(folderData);
			const { _deleted: _o, ...outgoingData } = outgoingDoc.parse(outgoing());
			await db.outgoing.insert(outgoingData);
			expect((await db.letters.findOne(l.id).exec())?.toJSON()).toMatchObject(letterData);
		});

		it('refuses a document that breaks the schema', async () => {
			const { _deleted: _l, ...bad } = letter();
			await expect(db.letters.insert({ ...bad, read: 'yes' as unknown as boolean })).rejects.toThrow();
		});
	});

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
			const { _deleted, ...data } = l;
			await db.letters.insert(data);
			expect((await db.letters.findOne(l.id).exec())?.toJSON()).toMatchObject(data);
		} finally {
			await db.remove();
		}
	});

	it('migrate letters stored by the previous schema version on an update', async () => {
		// A device that stored letters with version 0 (before `memo`), in IndexedDB (Dexie), then updates the app.
		const name = `upgrade-${randomUUID().slice(0, 8)}`;
		const { memo: _m, ...v0Properties } = letterSchema.properties;
		const v0Document = structuredClone(letterSchema.properties.documents) as {
			items: { properties: Record<string, unknown> };
		};
		delete v0Document.items.properties.documentID;
		const v0Schema = {
			...letterSchema,
			version: 0,
			properties: { ...v0Properties, documents: v0Document }
		} as unknown as RxJsonSchema<Omit<LetterDoc, '_deleted'>>;
		const old = await createRxDatabase<{ letters: RxCollection<Omit<LetterDoc, '_deleted'>> }>({
			name,
			storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie() })
		});
		await old.addCollections({ letters: { schema: v0Schema } });
		const { _deleted, ...stored } = letter({ read: true, folder: 'archive' });
		await old.letters.insert(stored);
		await old.close();

		const upgraded = await createMailDatabase('c', 'persistent', name);
		try {
			expect(upgraded.letters.schema.version).toBe(1);
			expect((await upgraded.letters.findOne(stored.id).exec())?.toJSON()).toMatchObject({
				id: stored.id,
				read: true,
				folder: 'archive',
				title: stored.title
			});
		} finally {
			await upgraded.remove();
		}
	});
});
