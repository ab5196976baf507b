import { describe, expect, it } from 'vitest';
import { cacheUnlessRemoving, withFileCachingHeld } from '$lib/mail/file-caching';

/** A caching job that stores one "file" when its download finishes, unless it was aborted by then. */
function job(stored: string[], name: string) {
	let finishDownload!: () => void;
	const downloaded = new Promise<void>((resolve) => (finishDownload = resolve));
	const run = cacheUnlessRemoving(async (signal) => {
		await Promise.race([
			downloaded,
			new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
		]);
		if (signal.aborted) return 0;
		stored.push(name);
		return 1;
	}, 0);
	return { run, finishDownload };
}

/** A removal that runs until `end()`; `running` resolves once it has begun (caching stopped by then). */
function removal() {
	let begun!: () => void;
	let end!: () => void;
	const running = new Promise<void>((resolve) => (begun = resolve));
	const done = withFileCachingHeld(() => {
		begun();
		return new Promise<void>((resolve) => (end = resolve));
	});
	return { running, done, end: () => end() };
}

describe('letter files and the removal of a citizen’s data', () => {
	it('a removal aborts the caching under way and waits for it before it deletes anything', async () => {
		const stored: string[] = [];
		const first = job(stored, 'a');
		let settled = false;
		void first.run.then(() => (settled = true));
		// The removal runs only once the job has settled (its download never finished: the abort ended it).
		await withFileCachingHeld(async () => {
			expect(settled).toBe(true);
		});
		expect(await first.run).toBe(0);
		first.finishDownload();
		expect(stored).toEqual([]);
	});

	it('nothing new is cached while a removal runs; caching goes on once every removal is done', async () => {
		const stored: string[] = [];
		const first = removal();
		await first.running;
		const during = job(stored, 'during');
		during.finishDownload();
		expect(await during.run).toBe(0);
		// The first removal ending does not let caching run while a second one still runs.
		const second = removal();
		await second.running;
		first.end();
		await first.done;
		const stillHeld = job(stored, 'still held');
		stillHeld.finishDownload();
		expect(await stillHeld.run).toBe(0);
		second.end();
		await second.done;
		const after = job(stored, 'after');
		after.finishDownload();
		expect(await after.run).toBe(1);
		expect(stored).toEqual(['after']);
	});

	it('a removal that fails lets caching go on all the same', async () => {
		const stored: string[] = [];
		await expect(
			withFileCachingHeld(async () => {
				throw new Error('IndexedDB refused');
			})
		).rejects.toThrow('IndexedDB refused');
		const after = job(stored, 'after');
		after.finishDownload();
		expect(await after.run).toBe(1);
		expect(stored).toEqual(['after']);
	});

	it('a job that finishes before any removal keeps what it stored', async () => {
		const stored: string[] = [];
		const done = job(stored, 'kept');
		done.finishDownload();
		expect(await done.run).toBe(1);
		await withFileCachingHeld(async () => {});
		expect(stored).toEqual(['kept']);
	});
});
