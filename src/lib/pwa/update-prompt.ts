// The update prompt: registers the service worker and says "A new version is ready" (Update / Later) or
// "Ready to work offline" (Close). Plain DOM, no component: every page has it, and on the public pages it
// must not be what loads Svelte (src/lib/islands/main.ts). Styles in app.css.
import { m } from '$lib/paraglide/messages';
import { applyUpdate, dismiss, registerWorker, type WorkerState } from './registration';

function button(label: string, secondary: boolean, onClick: (button: HTMLButtonElement) => void) {
	const element = document.createElement('button');
	element.type = 'button';
	element.className = secondary ? 'button secondary' : 'button';
	element.textContent = label;
	element.addEventListener('click', () => onClick(element));
	return element;
}

function toast(testId: string, text: string, actions: HTMLButtonElement[]): HTMLElement {
	const box = document.createElement('div');
	box.className = 'pwa-toast';
	box.dataset.testid = testId;
	const message = document.createElement('p');
	message.textContent = text;
	const row = document.createElement('div');
	row.className = 'actions';
	row.append(...actions);
	box.append(message, row);
	return box;
}

function content(state: WorkerState): HTMLElement[] {
	if (state.needRefresh) {
		const update = button(m.pwa_update_button(), false, (self) => {
			// Tells the waiting worker to take over; the page reloads when it controls the page.
			self.disabled = true;
			applyUpdate();
		});
		return [toast('pwa-update', m.pwa_update_ready(), [update, button(m.pwa_update_later(), true, dismiss)])];
	}
	if (state.offlineReady)
		return [toast('pwa-offline-ready', m.pwa_offline_ready(), [button(m.common_close(), true, dismiss)])];
	return [];
}

/**
 * Adds the prompt's live region to the page and registers the worker; returns a function that stops both.
 * The region is there from the start, empty, so screen readers announce what later appears in it. It has no
 * role, so it stays out of the way of the pages' own status messages.
 */
export function startUpdatePrompt(): () => void {
	const region = document.createElement('div');
	region.className = 'pwa-toast-region';
	region.setAttribute('aria-live', 'polite');
	document.body.append(region);
	const stop = registerWorker((state) => region.replaceChildren(...content(state)));
	return () => {
		stop();
		region.remove();
	};
}
