import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createMailDatabase, databaseName, type MailDatabase } from '../../../src/lib/db';
import { folderSchema, letterSchema, outgoingSchema } from '../../../src/lib/db/schemas';
import { folderDoc } from '../../../src/lib/schemas/folder';
import { letterDoc } from '../../../src/lib/schemas/letter';
import { outgoingDoc } from '../../../src/lib/schemas/outgoing';
import { folder, letter, outgoing } from '../sync/fixtures';

const wireFields = (shape: Record<string, unknown>) =>
	Object.keys(shape)
		.filter((k) => k !== '_deleted')
		.sort();

describe('RxDB schemas', () => {
	it('have exactly the fields of the zod wire types, all required', () => {
		for (const [schema, zod] of [
			[letterSchema, letterDoc],
			[folderSchema, folderDoc],
			[outgoingSchema, outgoingDoc]
		] as const) {
			expect(Object.keys(schema.properties).sort()).toEqual(wireFields(zod.shape));
			expect([...(schema.required as string[])].sort()).toEqual(wireFields(zod.shape));
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
});
