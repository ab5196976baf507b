import { parseWizardState, type WizardState } from './flow';
import { progressKey, store, type KeyValueStore } from './saved-progress';

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
