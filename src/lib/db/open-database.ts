/**
 * The one mailbox database a page has open, on globalThis so Vite HMR and repeated layout mounts reuse it.
 * Kept apart from ./index.ts so code that only asks "is one open?" does not load RxDB.
 */
import type { MailDatabase } from './index';

export interface OpenDatabase {
	/** `<citizenId>\n<storage kind>` */
	key: string;
	promise: Promise<MailDatabase>;
}

const holder = globalThis as typeof globalThis & { __postkasseDatabase?: OpenDatabase };

export function openDatabase(): OpenDatabase | undefined {
	return holder.__postkasseDatabase;
}

export function setOpenDatabase(value: OpenDatabase | undefined): void {
	if (value) holder.__postkasseDatabase = value;
	else delete holder.__postkasseDatabase;
}
