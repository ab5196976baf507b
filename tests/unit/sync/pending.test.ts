import { describe, expect, it } from 'vitest';
import { PendingChanges } from '../../../src/lib/sync/pending';
import { MemoryStorage } from '../mail/memory-storage';

describe('PendingChanges', () => {
	it('counts local changes until they are found pushed, and survives a reload', () => {
		const storage = new MemoryStorage();
		const pending = new PendingChanges(storage, 'k');
		const seen: number[] = [];
		pending.subscribe((count) => seen.push(count));
		pending.add('letters', 'a');
		pending.add('letters', 'a');
		pending.add('folders', 'f');
		expect(pending.count).toBe(2);
		expect(new PendingChanges(storage, 'k').count).toBe(2);

		const letters = pending.snapshot('letters');
		pending.settle('letters', letters, new Set(['a']));
		expect(pending.count).toBe(2); // still waiting according to the check
		pending.settle('letters', letters, new Set());
		pending.settle('folders', pending.snapshot('folders'), new Set());
		expect(pending.count).toBe(0);
		expect(seen).toEqual([0, 1, 2, 1, 0]);
	});

	it('does not settle a change written again after the check began', () => {
		const pending = new PendingChanges(null, 'k');
		pending.add('letters', 'a');
		const checked = pending.snapshot('letters');
		pending.add('letters', 'a'); // a newer write while the older state was being pushed
		pending.settle('letters', checked, new Set());
		expect(pending.has('letters', 'a')).toBe(true);
		pending.settle('letters', pending.snapshot('letters'), new Set());
		expect(pending.count).toBe(0);
	});

	it('keeps nothing when given no storage (shared computer)', () => {
		const pending = new PendingChanges(null, 'k');
		pending.add('outgoing', 'o');
		expect(pending.count).toBe(1);
		expect(new PendingChanges(null, 'k').count).toBe(0);
	});
});
