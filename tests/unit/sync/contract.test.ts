import { describe, expect, it } from 'vitest';
import {
	decideFolderPush,
	decideLetterPush,
	decideOutgoingPush,
	sameJson,
	trashedAtFor
} from '../../../src/lib/sync/contract';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import { T0, folder, letter, outgoing } from './fixtures';

const now = T0 + 60_000;

describe('letters', () => {
	const current = letter({ serverSeq: 7 });

	it('takes the state fields from an up-to-date device', () => {
		const next = { ...current, read: true, folder: 'archive', changedAt: { read: now, folder: now } };
		expect(decideLetterPush(current, { assumedMasterState: current, newDocumentState: next }, now)).toEqual({
			kind: 'update',
			doc: next
		});
	});

	it('answers a missing or stale base with the current document', () => {
		const next = { ...current, read: true };
		for (const base of [null, { ...current, serverSeq: 6 }]) {
			expect(decideLetterPush(current, { assumedMasterState: base, newDocumentState: next }, now)).toEqual({
				kind: 'conflict',
				current
			});
		}
	});

	it('refuses any change to the content, naming the field', () => {
		const cases: [Partial<LetterDoc>, string][] = [
			[{ title: 'Forged' }, 'title'],
			[{ documents: [] }, 'documents'],
			[{ senderId: 'someone' }, 'senderId'],
			[{ _deleted: true }, '_deleted']
		];
		for (const [change, field] of cases) {
			const decision = decideLetterPush(
				current,
				{ assumedMasterState: current, newDocumentState: { ...current, ...change } },
				now
			);
			expect(decision).toMatchObject({ kind: 'forbidden', field });
		}
	});

	it('refuses creating a letter', () => {
		expect(
			decideLetterPush(null, { assumedMasterState: null, newDocumentState: current }, now)
		).toMatchObject({
			kind: 'forbidden',
			field: 'id'
		});
	});

	it('writes nothing when the state is what the server holds', () => {
		expect(
			decideLetterPush(current, { assumedMasterState: current, newDocumentState: current }, now)
		).toEqual({
			kind: 'unchanged'
		});
	});

	it('keeps a purged letter purged, and lets a device acknowledge the tombstone without a loop', () => {
		const purged = { ...current, _deleted: true };
		const moved = { ...current, folder: 'inbox', changedAt: { read: 0, folder: now } };
		expect(decideLetterPush(purged, { assumedMasterState: purged, newDocumentState: moved }, now)).toEqual({
			kind: 'conflict',
			current: purged
		});
		expect(decideLetterPush(purged, { assumedMasterState: purged, newDocumentState: purged }, now)).toEqual({
			kind: 'unchanged'
		});
	});

	it('gives a letter in the trash a trash time and every other letter none', () => {
		expect(trashedAtFor('trash', null, now)).toBe(now);
		expect(trashedAtFor('trash', T0, now)).toBe(T0);
		expect(trashedAtFor('archive', T0, now)).toBeNull();
		const next = { ...current, folder: 'trash', trashedAt: null, changedAt: { read: 0, folder: now } };
		const decision = decideLetterPush(current, { assumedMasterState: current, newDocumentState: next }, now);
		expect(decision).toMatchObject({ kind: 'update', doc: { folder: 'trash', trashedAt: now } });
	});
});

describe('folders', () => {
	const current = folder({ serverSeq: 3 });

	it('does not bring back a folder whose tombstone the server purged (the device knew it from the server)', () => {
		const renamed = { ...current, name: 'Nyt navn' };
		expect(decideFolderPush(null, { assumedMasterState: current, newDocumentState: renamed })).toEqual({
			kind: 'unchanged'
		});
	});

	it('creates a folder a device made, also one made and deleted offline', () => {
		const made = folder({ serverSeq: 0 });
		expect(decideFolderPush(null, { assumedMasterState: null, newDocumentState: made })).toEqual({
			kind: 'create',
			doc: made
		});
		const gone = { ...made, _deleted: true };
		expect(decideFolderPush(null, { assumedMasterState: null, newDocumentState: gone })).toEqual({
			kind: 'create',
			doc: gone
		});
	});

	it('renames and deletes, but never restores or re-dates a folder', () => {
		const renamed = { ...current, name: 'Bolig', changedAt: { name: now } };
		expect(decideFolderPush(current, { assumedMasterState: current, newDocumentState: renamed })).toEqual({
			kind: 'update',
			doc: renamed
		});
		const deleted = { ...current, _deleted: true };
		expect(decideFolderPush(current, { assumedMasterState: current, newDocumentState: deleted })).toEqual({
			kind: 'update',
			doc: deleted
		});
		expect(
			decideFolderPush(deleted, { assumedMasterState: deleted, newDocumentState: current })
		).toMatchObject({ kind: 'forbidden', field: '_deleted' });
		expect(
			decideFolderPush(current, {
				assumedMasterState: current,
				newDocumentState: { ...current, createdAt: 1 }
			})
		).toMatchObject({ kind: 'forbidden', field: 'createdAt' });
	});

	it('treats a retried creation as a conflict', () => {
		const retried = { ...current, serverSeq: 0 };
		expect(decideFolderPush(current, { assumedMasterState: null, newDocumentState: retried })).toEqual({
			kind: 'conflict',
			current
		});
	});
});

describe('outgoing messages', () => {
	const sent = outgoing({ serverSeq: 4, status: 'sent', sentAt: T0 });

	it('creates a new message for the server to decide on', () => {
		const made = outgoing();
		expect(decideOutgoingPush(null, { assumedMasterState: null, newDocumentState: made })).toEqual({
			kind: 'create',
			doc: made
		});
	});

	it('refuses changing a sent message, and dismissing one that was sent', () => {
		expect(
			decideOutgoingPush(sent, { assumedMasterState: sent, newDocumentState: { ...sent, body: 'x' } })
		).toMatchObject({ kind: 'forbidden', field: 'body' });
		expect(
			decideOutgoingPush(sent, { assumedMasterState: sent, newDocumentState: { ...sent, _deleted: true } })
		).toMatchObject({ kind: 'forbidden', field: '_deleted' });
	});

	it('lets a failed message be dismissed', () => {
		const failed = {
			...sent,
			status: 'failed' as const,
			failure: 'reply_not_allowed' as const,
			sentAt: null
		};
		expect(
			decideOutgoingPush(failed, {
				assumedMasterState: failed,
				newDocumentState: { ...failed, _deleted: true }
			})
		).toEqual({ kind: 'update', doc: { ...failed, _deleted: true } });
	});
});

describe('sameJson', () => {
	it('compares values deeply, whatever the key order', () => {
		expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
		expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
		expect(sameJson([1, 2], [2, 1])).toBe(false);
		expect(sameJson(null, {})).toBe(false);
	});
});
