import { describe, expect, it } from 'vitest';
import {
	conflictHandlers,
	folderIsEqual,
	letterIsEqual,
	mergeFolder,
	mergeLetter,
	mergeOutgoing,
	outgoingIsEqual,
	pickSide
} from '../../../src/lib/sync/merge';
import { letterDoc } from '../../../src/lib/schemas/letter';
import { T0, folder, letter, outgoing } from './fixtures';

const minute = 60_000;

describe('pickSide', () => {
	const eq = (a: number, b: number) => a === b;
	it('keeps the side that changed the value since the base', () => {
		expect(pickSide(1, 2, 1, 0, 99, eq)).toBe('mine');
		expect(pickSide(1, 1, 2, 99, 0, eq)).toBe('theirs');
	});
	it('lets the later device clock win when both changed it, and the server win a tie', () => {
		expect(pickSide(1, 2, 3, 10, 5, eq)).toBe('mine');
		expect(pickSide(1, 2, 3, 5, 10, eq)).toBe('theirs');
		expect(pickSide(1, 2, 3, 7, 7, eq)).toBe('theirs');
	});
	it('uses the clocks when there is no common ancestor', () => {
		expect(pickSide(undefined, 2, 3, 10, 5, eq)).toBe('mine');
		expect(pickSide(undefined, 2, 3, 5, 10, eq)).toBe('theirs');
	});
	it('agrees without a winner when both sides hold the same value', () => {
		expect(pickSide(1, 2, 2, 10, 5, eq)).toBe('theirs');
	});
});

describe('mergeLetter', () => {
	it('read on one device and moved on another ends up both read and moved', () => {
		// The common ancestor both devices saw: unread in the inbox, seq 4.
		const base = letter({ serverSeq: 4 });
		// Device A marked it read and its push was accepted: the server now holds read at seq 5.
		const server = { ...base, serverSeq: 5, read: true, changedAt: { read: T0 + minute, folder: 0 } };
		// Device B, offline, moved it into the citizen's folder "tax" and now pushes against seq 4.
		const deviceB = { ...base, folder: 'folder-tax', changedAt: { read: 0, folder: T0 + 2 * minute } };

		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: deviceB
		});

		expect(merged).toMatchObject({ read: true, folder: 'folder-tax', trashedAt: null, serverSeq: 5 });
		expect(merged.changedAt).toEqual({ read: T0 + minute, folder: T0 + 2 * minute });
		// B pushes the merge against seq 5; A then pulls it: the merged state differs from what A has, so A takes it.
		expect(letterIsEqual(merged, server)).toBe(false);
		expect(letterDoc.parse(merged)).toEqual(merged);
	});

	it('converges the other way round too (A moved, B read)', () => {
		const base = letter({ serverSeq: 4 });
		const server = { ...base, serverSeq: 5, folder: 'archive', changedAt: { read: 0, folder: T0 + minute } };
		const device = { ...base, read: true, changedAt: { read: T0 + 2 * minute, folder: 0 } };
		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: device
		});
		expect(merged).toMatchObject({ read: true, folder: 'archive' });
	});

	it('lets the later change win when both devices changed the same field', () => {
		const base = letter({ serverSeq: 4, read: true });
		const server = {
			...base,
			serverSeq: 5,
			folder: 'archive',
			changedAt: { read: 0, folder: T0 + 5 * minute }
		};
		const laterDevice = { ...base, folder: 'folder-tax', changedAt: { read: 0, folder: T0 + 9 * minute } };
		const earlierDevice = { ...base, folder: 'folder-tax', changedAt: { read: 0, folder: T0 + minute } };
		expect(
			mergeLetter({ assumedMasterState: base, realMasterState: server, newDocumentState: laterDevice }).folder
		).toBe('folder-tax');
		expect(
			mergeLetter({ assumedMasterState: base, realMasterState: server, newDocumentState: earlierDevice })
				.folder
		).toBe('archive');
	});

	it('treats folder and trashedAt as one unit, so a letter is never half in the trash', () => {
		const base = letter({ serverSeq: 4 });
		const trashedAt = T0 + minute;
		const server = {
			...base,
			serverSeq: 5,
			folder: 'trash',
			trashedAt,
			changedAt: { read: 0, folder: trashedAt }
		};
		const movedLater = { ...base, folder: 'folder-tax', changedAt: { read: 0, folder: T0 + 3 * minute } };
		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: movedLater
		});
		expect(merged).toMatchObject({ folder: 'folder-tax', trashedAt: null });

		const movedEarlier = { ...movedLater, changedAt: { read: 0, folder: T0 } };
		const merged2 = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: movedEarlier
		});
		expect(merged2).toMatchObject({ folder: 'trash', trashedAt });
	});

	it('keeps a restore from the trash made on the device when only the device changed the location', () => {
		const base = letter({ serverSeq: 4, folder: 'trash', trashedAt: T0 });
		const server = { ...base, serverSeq: 5, read: true, changedAt: { read: T0 + minute, folder: 0 } };
		const restored = {
			...base,
			folder: 'inbox',
			trashedAt: null,
			changedAt: { read: 0, folder: T0 - minute }
		};
		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: restored
		});
		// The device's clock is earlier than the server's read stamp, but only the device moved it.
		expect(merged).toMatchObject({ read: true, folder: 'inbox', trashedAt: null });
	});

	it('always takes the server content, even when the device copy differs', () => {
		const base = letter({ serverSeq: 4 });
		const server = { ...base, serverSeq: 5 };
		const tampered = {
			...base,
			title: 'Changed on the device',
			senderName: 'Someone else',
			read: true,
			changedAt: { read: T0 + minute, folder: 0 }
		};
		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: tampered
		});
		expect(merged.title).toBe(server.title);
		expect(merged.senderName).toBe(server.senderName);
		expect(merged.documents).toEqual(server.documents);
		expect(merged.read).toBe(true);
	});

	it('keeps a purged letter gone (tombstone wins over any device change)', () => {
		const base = letter({ serverSeq: 4, folder: 'trash', trashedAt: T0 });
		const tombstone = { ...base, serverSeq: 9, _deleted: true };
		const device = { ...base, folder: 'inbox', trashedAt: null, changedAt: { read: 0, folder: T0 + minute } };
		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: tombstone,
			newDocumentState: device
		});
		expect(merged).toEqual(tombstone);
	});

	it('does not let a device delete a letter', () => {
		const base = letter({ serverSeq: 4 });
		const server = { ...base, serverSeq: 5 };
		const deviceDeleted = { ...base, _deleted: true };
		expect(
			mergeLetter({ assumedMasterState: base, realMasterState: server, newDocumentState: deviceDeleted })
				._deleted
		).toBe(false);
	});

	it('makes a retried push harmless: the server already holds the change, the merge equals it', () => {
		// The first push (base seq 4 → read) was applied as seq 5, but its answer was lost; RxDB retries.
		const base = letter({ serverSeq: 4 });
		const pushed = { ...base, read: true, changedAt: { read: T0 + minute, folder: 0 } };
		const server = { ...pushed, serverSeq: 5 };
		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: pushed
		});
		expect(merged).toEqual(server);
		expect(letterIsEqual(merged, server)).toBe(true);
	});

	it('keeps the later clock when both sides agree, so the newer decision is what the server keeps', () => {
		const base = letter({ serverSeq: 4, folder: 'folder-tax', changedAt: { read: 0, folder: T0 } });
		const server = { ...base, serverSeq: 5, folder: 'archive', changedAt: { read: 0, folder: T0 + minute } };
		const device = { ...base, folder: 'archive', changedAt: { read: 0, folder: T0 + 3 * minute } };
		const merged = mergeLetter({
			assumedMasterState: base,
			realMasterState: server,
			newDocumentState: device
		});
		expect(merged).toMatchObject({ folder: 'archive', changedAt: { folder: T0 + 3 * minute } });
		// The merge differs from the server's copy, so RxDB pushes it and the server learns the later clock.
		expect(letterIsEqual(merged, server)).toBe(false);
	});

	it('does not let an older move win over a newer one whose value equalled the server’s', () => {
		// The letter sits in the folder "tax" (seq 4). Three devices act on it:
		const base = letter({ serverSeq: 4, folder: 'folder-tax', changedAt: { read: 0, folder: T0 } });
		// A files it in the archive at +1 min; the server takes that as seq 5.
		const afterA = { ...base, serverSeq: 5, folder: 'archive', changedAt: { read: 0, folder: T0 + minute } };
		// B, offline, also archives it at +3 min; C, offline, moves it to the inbox at +2 min.
		const b = { ...base, folder: 'archive', changedAt: { read: 0, folder: T0 + 3 * minute } };
		const c = { ...base, folder: 'inbox', changedAt: { read: 0, folder: T0 + 2 * minute } };

		// B comes back first: its value equals the server's, but its clock is newer and is kept (seq 6).
		const bMerged = mergeLetter({ assumedMasterState: base, realMasterState: afterA, newDocumentState: b });
		const afterB = { ...bMerged, serverSeq: 6 };
		// C comes back: both it and the server changed the place since its base; B's archive (+3) is newer.
		const cMerged = mergeLetter({ assumedMasterState: base, realMasterState: afterB, newDocumentState: c });
		expect(cMerged.folder).toBe('archive');
		expect(cMerged.changedAt.folder).toBe(T0 + 3 * minute);
		// In the other order the result is the same: C's inbox (+2) first, then B's archive (+3) wins.
		const cFirst = mergeLetter({ assumedMasterState: base, realMasterState: afterA, newDocumentState: c });
		expect(cFirst.folder).toBe('inbox');
		const bLast = mergeLetter({
			assumedMasterState: base,
			realMasterState: { ...cFirst, serverSeq: 6 },
			newDocumentState: b
		});
		expect(bLast.folder).toBe('archive');
	});

	it('resolves without an ancestor by the device clocks', () => {
		const server = letter({ serverSeq: 5, read: true, changedAt: { read: T0 + minute, folder: 0 } });
		const device = { ...server, serverSeq: 3, read: false, changedAt: { read: T0 + 2 * minute, folder: 0 } };
		expect(mergeLetter({ realMasterState: server, newDocumentState: device }).read).toBe(false);
		const olderDevice = { ...device, changedAt: { read: T0, folder: 0 } };
		expect(mergeLetter({ realMasterState: server, newDocumentState: olderDevice }).read).toBe(true);
	});

	it('is what the RxDB conflict handler resolves to', async () => {
		const base = letter({ serverSeq: 4 });
		const server = { ...base, serverSeq: 5, read: true, changedAt: { read: T0 + minute, folder: 0 } };
		const device = { ...base, folder: 'archive', changedAt: { read: 0, folder: T0 + minute } };
		const resolved = await conflictHandlers.letters.resolve(
			{ assumedMasterState: base, realMasterState: server, newDocumentState: device },
			'test'
		);
		expect(resolved).toMatchObject({ read: true, folder: 'archive' });
	});
});

describe('letterIsEqual', () => {
	const a = letter({ serverSeq: 3 });
	it('sees every field a device may change', () => {
		expect(letterIsEqual(a, { ...a })).toBe(true);
		expect(letterIsEqual(a, { ...a, read: true })).toBe(false);
		expect(letterIsEqual(a, { ...a, folder: 'archive' })).toBe(false);
		expect(letterIsEqual(a, { ...a, trashedAt: T0 })).toBe(false);
		expect(letterIsEqual(a, { ...a, _deleted: true })).toBe(false);
	});
	it("follows the server's sequence", () => {
		expect(letterIsEqual(a, { ...a, serverSeq: 4 })).toBe(false);
	});
	it('sees the clocks too, so a newer decision on an unchanged value still reaches the server', () => {
		expect(letterIsEqual(a, { ...a, changedAt: { read: T0 + 5, folder: T0 + 9 } })).toBe(false);
	});
	it('is what the RxDB conflict handler compares with', () => {
		expect(conflictHandlers.letters.isEqual(a, { ...a, read: true }, 'test')).toBe(false);
		expect(conflictHandlers.letters.isEqual(a, { ...a }, 'test')).toBe(true);
	});
});

describe('folders', () => {
	it('takes the name from the side that renamed it', () => {
		const base = folder({ serverSeq: 2, name: 'Skat' });
		const server = { ...base, serverSeq: 3 };
		const device = { ...base, name: 'Skat 2026', changedAt: { name: T0 + minute } };
		expect(
			mergeFolder({ assumedMasterState: base, realMasterState: server, newDocumentState: device })
		).toEqual({ ...server, name: 'Skat 2026', changedAt: { name: T0 + minute } });
	});
	it('lets the later rename win when both renamed', () => {
		const base = folder({ serverSeq: 2, name: 'Skat' });
		const server = { ...base, serverSeq: 3, name: 'Skat A', changedAt: { name: T0 + 2 * minute } };
		const device = { ...base, name: 'Skat B', changedAt: { name: T0 + minute } };
		expect(
			mergeFolder({ assumedMasterState: base, realMasterState: server, newDocumentState: device }).name
		).toBe('Skat A');
	});
	it('lets a delete on either side win over a rename', () => {
		const base = folder({ serverSeq: 2 });
		const renamedOnServer = { ...base, serverSeq: 3, name: 'Other', changedAt: { name: T0 + minute } };
		const deletedOnDevice = { ...base, _deleted: true };
		expect(
			mergeFolder({
				assumedMasterState: base,
				realMasterState: renamedOnServer,
				newDocumentState: deletedOnDevice
			})._deleted
		).toBe(true);
		const deletedOnServer = { ...base, serverSeq: 3, _deleted: true };
		const renamedOnDevice = { ...base, name: 'Other', changedAt: { name: T0 + minute } };
		expect(
			mergeFolder({
				assumedMasterState: base,
				realMasterState: deletedOnServer,
				newDocumentState: renamedOnDevice
			})
		).toEqual(deletedOnServer);
	});
	it('treats a retried creation as settled', () => {
		const created = folder({ serverSeq: 0 });
		const server = { ...created, serverSeq: 7 };
		const merged = mergeFolder({ realMasterState: server, newDocumentState: created });
		expect(folderIsEqual(merged, server)).toBe(true);
	});
	it('compares name, its clock, deletion and sequence', () => {
		const f = folder();
		expect(folderIsEqual(f, { ...f })).toBe(true);
		expect(folderIsEqual(f, { ...f, changedAt: { name: T0 + 1 } })).toBe(false);
		expect(folderIsEqual(f, { ...f, name: 'x' })).toBe(false);
		expect(folderIsEqual(f, { ...f, _deleted: true })).toBe(false);
		expect(folderIsEqual(f, { ...f, serverSeq: 9 })).toBe(false);
	});
});

describe('outgoing messages', () => {
	it("keeps the server's verdict", () => {
		const mine = outgoing();
		const server = {
			...mine,
			serverSeq: 8,
			status: 'failed' as const,
			failure: 'reply_not_allowed' as const
		};
		expect(mergeOutgoing({ realMasterState: server, newDocumentState: mine })).toEqual(server);
	});
	it('sees a changed status, so the verdict reaches the device', () => {
		const mine = outgoing();
		expect(outgoingIsEqual(mine, { ...mine })).toBe(true);
		expect(outgoingIsEqual(mine, { ...mine, status: 'sent', sentAt: T0, serverSeq: 3 })).toBe(false);
		expect(outgoingIsEqual(mine, { ...mine, body: 'changed' })).toBe(false);
	});
});
