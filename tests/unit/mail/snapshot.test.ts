import { describe, expect, it } from 'vitest';
import { readSnapshot, snapshotKey, writeSnapshot } from '../../../src/lib/mail/snapshot';
import { toRow } from '../../../src/lib/mail/mail-index';
import { letter } from '../sync/fixtures';
import { MemoryStorage } from './memory-storage';

describe('inbox snapshot', () => {
	it('round-trips the top of the inbox for one citizen only', () => {
		const storage = new MemoryStorage();
		const rows = [toRow(letter())];
		writeSnapshot(storage, {
			citizenId: 'c1',
			inbox: rows,
			counts: { inbox: { total: 1, unread: 1 } },
			folders: [],
			outboxWaiting: 0
		});
		expect(readSnapshot(storage, 'c1')).toMatchObject({
			inbox: rows,
			counts: { inbox: { total: 1, unread: 1 } }
		});
		expect(readSnapshot(storage, 'c2')).toBeNull();
	});

	it('ignores a broken or foreign entry', () => {
		const storage = new MemoryStorage();
		storage.setItem(snapshotKey('c1'), '{not json');
		expect(readSnapshot(storage, 'c1')).toBeNull();
		storage.setItem(snapshotKey('c1'), JSON.stringify({ v: 1, citizenId: 'c2', inbox: [] }));
		expect(readSnapshot(storage, 'c1')).toBeNull();
	});
});
