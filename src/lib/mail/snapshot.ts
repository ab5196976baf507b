/**
 * A small copy of the top of the inbox, the folder list and the counters, kept in localStorage so the first
 * screen of an offline reload appears before IndexedDB has answered (the README's sync figures).
 * Only for persistent sign-ins; removed at sign-out with the rest of the citizen's data.
 */
import type { FolderCount, LetterRow } from './mail-index';

export const SNAPSHOT_ROWS = 50;
// Bumped whenever a row's shape changes, so an old snapshot is ignored rather than misread.
const VERSION = 2;

export interface Snapshot {
	v: number;
	citizenId: string;
	savedAt: number;
	inbox: LetterRow[];
	counts: Record<string, FolderCount>;
	folders: { id: string; name: string }[];
	outboxWaiting: number;
}

export function snapshotKey(citizenId: string): string {
	return `postkasse.snapshot.${citizenId}`;
}

export function readSnapshot(storage: Storage, citizenId: string): Snapshot | null {
	try {
		const raw = storage.getItem(snapshotKey(citizenId));
		if (!raw) return null;
		const snapshot = JSON.parse(raw) as Snapshot;
		if (snapshot.v !== VERSION || snapshot.citizenId !== citizenId || !Array.isArray(snapshot.inbox)) {
			return null;
		}
		return snapshot;
	} catch {
		return null;
	}
}

export function writeSnapshot(storage: Storage, snapshot: Omit<Snapshot, 'v' | 'savedAt'>): void {
	const value: Snapshot = { v: VERSION, savedAt: Date.now(), ...snapshot };
	try {
		storage.setItem(snapshotKey(snapshot.citizenId), JSON.stringify(value));
	} catch {
		// A full localStorage only costs the fast first paint; the mailbox itself lives in IndexedDB.
	}
}
