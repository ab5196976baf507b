/**
 * Which letter files are on this device, so each attachment can say whether it opens without internet.
 * Filled from the citizen's file cache (./files.ts) when a letter is opened or kept.
 */
import type { FileRef } from '$lib/schemas/letter';
import { cachedFileIds } from './files';

export class OfflineFiles {
	/** File id → on the device; missing while not checked yet. */
	kept = $state<Record<string, boolean>>({});

	async check(citizenId: string | null, files: FileRef[]): Promise<void> {
		const ids = citizenId ? await cachedFileIds(citizenId, files) : null;
		for (const file of files) this.kept[file.id] = ids?.has(file.id) ?? false;
	}

	allKept(files: FileRef[]): boolean {
		return files.every((file) => this.kept[file.id] === true);
	}
}
