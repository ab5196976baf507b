/**
 * A folder or the whole mailbox as a ZIP, made in the browser from the letters on the device (fflate, loaded
 * only when an export starts). Each letter gets its own folder with its files; `letters.csv` and
 * `letters.json` index them, and list files that were not on the device instead of failing the export.
 */
import type { LetterData } from '$lib/db';
import type { ReadFile } from './device-files';
import {
	exportRow,
	letterPath,
	lettersCsv,
	lettersJson,
	safeName,
	uniqueName,
	type ExportRow
} from './export-index';

export interface ZipProgress {
	done: number;
	total: number;
}

/** Types that are compressed already: stored as they are, which is faster and no larger. */
const STORED = new Set(['application/pdf', 'image/png', 'image/jpeg']);

export async function mailboxZip(
	letterIds: readonly string[],
	options: {
		/** Reads letters from the device, a batch at a time (so a large mailbox is never all in memory). */
		loadLetters: (ids: string[]) => Promise<LetterData[]>;
		readFile: ReadFile;
		folderName: (letter: LetterData) => string;
		onProgress?: (progress: ZipProgress) => void;
		now?: Date;
	}
): Promise<Blob> {
	const { Zip, ZipDeflate, ZipPassThrough, strToU8 } = await import('fflate');
	const parts: BlobPart[] = [];
	let finished!: (blob: Blob) => void;
	let failed!: (error: Error) => void;
	const done = new Promise<Blob>((resolve, reject) => {
		finished = resolve;
		failed = reject;
	});
	const zip = new Zip((error, chunk, final) => {
		if (error) return failed(error);
		parts.push(chunk as Uint8Array<ArrayBuffer>);
		if (final) finished(new Blob(parts, { type: 'application/zip' }));
	});
	const add = (path: string, data: Uint8Array, compress: boolean, mtime: Date) => {
		const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
		entry.mtime = mtime;
		zip.add(entry);
		entry.push(data, true);
	};

	const now = options.now ?? new Date();
	const rows: ExportRow[] = [];
	const letterDirs = new Set<string>();
	const total = letterIds.length;
	options.onProgress?.({ done: 0, total });
	const BATCH = 25;
	for (let start = 0; start < total; start += BATCH) {
		const letters = await options.loadLetters(letterIds.slice(start, start + BATCH));
		for (const letter of letters) {
			const dir = uniqueName(letterPath(letter), letterDirs);
			const taken = new Set<string>();
			const files = [];
			for (const document of letter.documents) {
				for (const file of document.files) {
					const data = await options.readFile(file);
					let path: string | null = null;
					if (data) {
						path = `${dir}/${uniqueName(safeName(file.filename, 100), taken)}`;
						add(path, data, !STORED.has(file.contentType), new Date(letter.receivedAt));
					}
					files.push({
						document: document.title,
						filename: file.filename,
						contentType: file.contentType,
						size: file.size,
						path
					});
				}
			}
			rows.push(exportRow(letter, options.folderName(letter), dir, files));
		}
		options.onProgress?.({ done: Math.min(start + BATCH, total), total });
	}
	add('letters.csv', strToU8(lettersCsv(rows)), true, now);
	add('letters.json', strToU8(lettersJson(rows, now)), true, now);
	zip.end();
	return done;
}
