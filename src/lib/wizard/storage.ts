import { parseWizardState, type WizardState } from './flow';

// Progress stays on this device only; nothing is sent to a server.
export const progressKey = 'postkasse.exemption-wizard';

interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

function store(): KeyValueStore | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage blocked by the browser's settings
	}
}

/** The saved progress, or null when there is none or it cannot be read (then the wizard starts afresh). */
export function loadProgress(storage: KeyValueStore | null = store()): WizardState | null {
	try {
		const raw = storage?.getItem(progressKey);
		if (!raw) return null;
		return parseWizardState((JSON.parse(raw) as { state?: unknown }).state);
	} catch {
		return null;
	}
}

/** Whether progress is saved at all (read without checking it, so the wizard's code need not load for it). */
export function hasSavedProgress(storage: KeyValueStore | null = store()): boolean {
	try {
		return !!storage?.getItem(progressKey);
	} catch {
		return false;
	}
}

export function saveProgress(state: WizardState, storage: KeyValueStore | null = store()): void {
	try {
		storage?.setItem(progressKey, JSON.stringify({ version: 1, state }));
	} catch {
		// full or blocked storage: the wizard still works, it just will not resume
	}
}

export function clearProgress(storage: KeyValueStore | null = store()): void {
	try {
		storage?.removeItem(progressKey);
	} catch {
		// nothing to clear
	}
}
