/**
 * Where the wizard keeps its progress on this device (nothing is sent to a server), and whether there is
 * any. Apart from ./storage.ts (which reads and checks it) so that the public pages' entry can ask without
 * loading the wizard's rules.
 */
export const progressKey = 'postkasse.exemption-wizard';

export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export function store(): KeyValueStore | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage blocked by the browser's settings
	}
}

/** Whether progress is saved at all (not checked: the wizard does that once it runs). */
export function hasSavedProgress(storage: KeyValueStore | null = store()): boolean {
	try {
		return !!storage?.getItem(progressKey);
	} catch {
		return false;
	}
}
