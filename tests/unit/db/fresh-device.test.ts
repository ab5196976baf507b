import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createMailDatabase, type MailDatabase } from '../../../src/lib/db';
import { letter } from '../sync/fixtures';

// Its own file, so RxDB's plugins start unloaded (each test file gets fresh modules).
describe('a device without an older database', () => {
	const original = globalThis.indexedDB;
	let db: MailDatabase | undefined;
	afterAll(async () => {
		await db?.remove();
		globalThis.indexedDB = original;
	});

	it('opens the mailbox database without loading the migration code', async () => {
		// As a browser answers for a device that never stored a Postkasse database.
		globalThis.indexedDB = { databases: async () => [] } as unknown as IDBFactory;
		db = await createMailDatabase('c', 'memory', `fresh-${randomUUID().slice(0, 8)}`);
		const { _deleted: _gone, ...stored } = letter();
		await db.letters.insert(stored);
		expect((await db.letters.findOne(stored.id).exec())?.toJSON()).toEqual(stored);
	});
});
