/**
 * The browser code of the prerendered public pages (built by scripts/vite/islands.ts). They run without
 * SvelteKit's client; this mounts the components that need the browser in place of their server-rendered
 * copies (see Island.svelte) and the update prompt, which registers the service worker, after the page.
 */
import { mount, type Component } from 'svelte';
import type { IslandName } from './registry';

type Loader = () => Promise<{ default: Component<Record<string, unknown>> }>;

const islands: Record<IslandName, Loader> = {
	'language-picker': () => import('$lib/i18n/LanguagePicker.svelte') as unknown as ReturnType<Loader>,
	'install-button': () => import('$lib/pwa/InstallButton.svelte') as unknown as ReturnType<Loader>,
	'help-search': () => import('$lib/help/HelpSearch.svelte') as unknown as ReturnType<Loader>,
	'offline-retry': () => import('$lib/pwa/OfflineRetry.svelte') as unknown as ReturnType<Loader>,
	wizard: () => import('$lib/wizard/Wizard.svelte') as unknown as ReturnType<Loader>
};

async function mountIsland(target: HTMLElement): Promise<void> {
	const load = islands[target.dataset.island as IslandName];
	if (!load) throw new Error(`no island named ${target.dataset.island}`);
	const props = JSON.parse(target.dataset.props ?? '{}') as Record<string, unknown>;
	const { default: component } = await load();
	target.replaceChildren();
	mount(component, { target, props });
}

for (const target of document.querySelectorAll<HTMLElement>('[data-island]')) void mountIsland(target);

// As on the mailbox's pages (root layout): the worker registers once the page has loaded.
function startUpdatePrompt() {
	void import('$lib/pwa/UpdatePrompt.svelte').then(({ default: prompt }) => {
		mount(prompt, { target: document.body });
	});
}
if (document.readyState === 'complete') startUpdatePrompt();
else addEventListener('load', startUpdatePrompt, { once: true });
