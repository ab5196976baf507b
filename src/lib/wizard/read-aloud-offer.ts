/**
 * The wizard's read-aloud button before the wizard is live (it starts on first use, src/lib/islands): the
 * server renders it hidden, and this shows it, without Svelte, when the device has a voice for the page's
 * language, so a reader can ask for the first screen to be read before anything else. Pressing it brings
 * the wizard to life and is then pressed again; from then on ReadAloud.svelte decides.
 */
import { pickVoice } from './speech';

export function offerReadAloud(island: HTMLElement, locale: string, live: () => boolean): void {
	if (!('speechSynthesis' in window)) return;
	const synth = window.speechSynthesis;
	// Voices often arrive after the page (voiceschanged), so the button may show a moment later.
	const show = () => {
		if (live()) return synth.removeEventListener('voiceschanged', show);
		const button = island.querySelector<HTMLButtonElement>('button[data-answer="read-aloud"]');
		if (button) button.hidden = !pickVoice(synth.getVoices(), locale);
	};
	show();
	synth.addEventListener('voiceschanged', show);
}
