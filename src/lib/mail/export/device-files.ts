/**
 * A letter file's bytes for an export: from the citizen's file cache on the device, else from the server
 * when there is a network. Null when neither has it (the export then lists the file as missing).
 */
import type { FileRef } from '$lib/schemas/letter';
import { fileCacheName } from '../device-data';
import { fileUrl } from '../files';

export type ReadFile = (file: FileRef) => Promise<Uint8Array | null>;

export function deviceFileReader(citizenId: string | null): ReadFile {
	let cache: Promise<Cache | null> | null = null;
	const openCache = () =>
		(cache ??=
			citizenId && typeof caches !== 'undefined'
				? caches.open(fileCacheName(citizenId)).catch(() => null)
				: Promise.resolve(null));
	return async (file) => {
		try {
			const cached = await (await openCache())?.match(fileUrl(file.id));
			if (cached) return new Uint8Array(await cached.arrayBuffer());
			if (typeof navigator !== 'undefined' && !navigator.onLine) return null;
			const res = await fetch(fileUrl(file.id), { credentials: 'same-origin' });
			return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
		} catch {
			return null;
		}
	};
}

/** Hands a made file to the browser's download (an object URL, freed once the download has started). */
export function saveFile(data: Blob, filename: string): void {
	const url = URL.createObjectURL(data);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	link.hidden = true;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
