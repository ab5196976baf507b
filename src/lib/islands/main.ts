/**
 * The browser code of the prerendered public pages (built by scripts/vite/islands.ts). They run without
 * SvelteKit's client; this mounts the components that need the browser in place of their server-rendered
 * copies (see Island.svelte) and the update prompt, which registers the service worker, after the page.
 *
 * The page is complete without them (server-rendered, styles inline), so nothing here competes with the
 * first paint: this entry imports no component up front, waits until the page has painted, then requests
 * the Svelte runtime and the components on the page at once and mounts one island per task, so a phone's
 * main thread is never busy for long. The install button (in the footer, shown only when the browser
 * offers installing) and the update prompt wait until the browser is idle.
 */
import type { Component } from 'svelte';
import { isLocale } from '$lib/i18n/locales';
import { rememberLocale } from '$lib/i18n/remembered-locale';
import type { IslandName } from './registry';
import { afterFirstPaint, nextTask, whenIdle } from './scheduling';

type Loaded = { default: Component<Record<string, unknown>> };

const islands: Record<IslandName, () => Promise<Loaded>> = {
	'language-picker': () => import('$lib/i18n/LanguagePicker.svelte') as Promise<unknown> as Promise<Loaded>,
	'install-button': () => import('$lib/pwa/InstallButton.svelte') as Promise<unknown> as Promise<Loaded>,
	'help-search': () => import('$lib/help/HelpSearch.svelte') as Promise<unknown> as Promise<Loaded>,
	'offline-retry': () => import('$lib/pwa/OfflineRetry.svelte') as Promise<unknown> as Promise<Loaded>,
	wizard: () => import('$lib/wizard/Wizard.svelte') as Promise<unknown> as Promise<Loaded>
};

/** Islands that can wait for an idle moment. */
const whenIdleIslands = new Set<IslandName>(['install-button']);

function load(target: HTMLElement): Promise<Loaded> {
	const loader = islands[target.dataset.island as IslandName];
	if (!loader) throw new Error(`no island named ${target.dataset.island}`);
	return loader();
}

async function mountIsland(
	target: HTMLElement,
	component: Promise<Loaded>,
	svelte: Promise<typeof import('svelte')>
) {
	const props = JSON.parse(target.dataset.props ?? '{}') as Record<string, unknown>;
	const [{ hydrate }, { default: loaded }] = await Promise.all([svelte, component]);
	await nextTask();
	// The server's copy is kept and brought to life (no new nodes, no second layout of the same content).
	// It is the component's output followed by the parent's empty boundary comment; hydrate() wants it
	// between the markers of a page's root, so the boundary becomes the end marker. Should the copy differ,
	// Svelte drops it and mounts afresh.
	if (target.lastChild?.nodeType === Node.COMMENT_NODE && (target.lastChild as Comment).data === '')
		target.lastChild.remove();
	target.prepend(document.createComment('['));
	target.append(document.createComment(']'));
	hydrate(loaded, { target, props });
}

/**
 * The language picker's links work before its island is live (they are plain links), so a choice made in
 * that moment is remembered here, as the picker itself does once it is mounted.
 */
function rememberEarlyChoice(event: MouseEvent) {
	const link = (event.target as Element | null)?.closest?.('.language-picker a[hreflang]');
	const locale = link?.getAttribute('hreflang');
	if (isLocale(locale)) rememberLocale(locale);
}

async function start() {
	addEventListener('click', rememberEarlyChoice, { capture: true });
	await afterFirstPaint();
	await nextTask();
	const targets = [...document.querySelectorAll<HTMLElement>('[data-island]')];
	const first = targets.filter((t) => !whenIdleIslands.has(t.dataset.island as IslandName));
	// Requested in page order, one request burst per task (each starts a dozen small downloads), then
	// mounted in page order, one per task.
	const svelte = import('svelte');
	const components: { target: HTMLElement; component: Promise<Loaded> }[] = [];
	for (const target of first) {
		await nextTask();
		components.push({ target, component: load(target) });
	}
	for (const { target, component } of components) await mountIsland(target, component, svelte);
	removeEventListener('click', rememberEarlyChoice, { capture: true });

	await whenIdle();
	for (const target of targets.filter((t) => whenIdleIslands.has(t.dataset.island as IslandName)))
		await mountIsland(target, load(target), svelte);

	// As on the mailbox's pages (root layout): the worker registers once the page has loaded.
	if (document.readyState !== 'complete')
		await new Promise((loaded) => addEventListener('load', loaded, { once: true }));
	await whenIdle();
	const [{ mount }, { default: prompt }] = await Promise.all([
		svelte,
		import('$lib/pwa/UpdatePrompt.svelte')
	]);
	mount(prompt, { target: document.body });
}

void start();
