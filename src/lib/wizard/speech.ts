/** The subset of SpeechSynthesisVoice we choose by (kept small so it is easy to test). */
export interface VoiceLike {
	lang: string;
	localService?: boolean;
	default?: boolean;
}

/**
 * The best voice for a page language: one for Denmark's variant of the language first (da-DK), then any
 * voice of the language, preferring voices that work without a network. Null when none speaks it.
 */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], locale: string): V | null {
	const primary = locale.toLowerCase().split(/[-_]/)[0];
	const matching = voices.filter((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === primary);
	if (matching.length === 0) return null;
	const score = (v: V) =>
		(v.localService ? 2 : 0) + (v.default ? 1 : 0) + (v.lang.toLowerCase().endsWith('-dk') ? 4 : 0);
	return [...matching].sort((a, b) => score(b) - score(a))[0] ?? null;
}

/** The text of an element as read aloud: its visible text, one block per line. */
export function speakableText(element: HTMLElement): string {
	return element.innerText.replace(/\n{2,}/g, '\n').trim();
}
