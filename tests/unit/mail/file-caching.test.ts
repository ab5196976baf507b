import { describe, expect, it } from 'vitest';
import { cacheUnlessRemoving, holdFileCaching } from '$lib/mail/file-caching';

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

describe('letter files and the removal of a citizen’s data', () => {
	it('a removal aborts the caching under way and waits for it before it deletes anything', async () => {
		const stored: string[] = [];
		const first = job(stored, 'a');
		// Resolves only once the job has settled (its download never finished: the abort ended it).
		const release = await holdFileCaching();
		expect(await first.run).toBe(0);
		first.finishDownload();
		expect(stored).toEqual([]);
		release();
	});

	it('nothing new is cached while the removal runs; caching goes on once it is done', async () => {
		const stored: string[] = [];
		const release = await holdFileCaching();
		const during = job(stored, 'during');
		during.finishDownload();
		expect(await during.run).toBe(0);
		release();
		// Releasing twice does not let caching run while another removal still holds it.
		const second = await holdFileCaching();
		release();
		const stillHeld = job(stored, 'still held');
		stillHeld.finishDownload();
		expect(await stillHeld.run).toBe(0);
		second();
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
		const release = await holdFileCaching();
		release();
		expect(stored).toEqual(['kept']);
	});
});
