/**
 * The browser code of the prerendered public pages (built by scripts/vite/islands.ts). They run without
 * SvelteKit's client; this brings the components that need the browser to life in their server-rendered
 * copies (see Island.svelte) and mounts the update prompt, which registers the service worker, after the page.
 *
 * The page is complete without them (server-rendered, styles inline), so nothing here competes with the
 * first paint, and a phone's main thread is kept free while the page loads (Lighthouse's blocking time):
 * - this entry imports no component up front; after the first paint it requests the Svelte runtime and the
 *   page's components at once;
 * - the wizard and the offline page's button come to life then, one per task;
 * - the language picker and the help search, which work as plain links and a plain field until then, come
 *   to life on the reader's first touch, click, key or focus in them (the code is there by then), or when
 *   they have news to tell: the picker that its language now works offline, the install button (in the
 *   footer, empty until then) that the browser offers installing;
 * - the update prompt waits until the page has loaded and the browser is idle.
 */
import type { Component } from 'svelte';
import { isLocale } from '$lib/i18n/locales';
import { rememberLocale } from '$lib/i18n/remembered-locale';
import { keepPageLanguageOffline } from '$lib/pwa/keep-offline';
import { earlyInstallOfferKey } from '$lib/pwa/install-capture-script.js';
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

/** When each island comes to life (see above). */
const startOf: Record<IslandName, 'with-page' | 'on-first-use'> = {
	wizard: 'with-page',
	'offline-retry': 'with-page',
	'language-picker': 'on-first-use',
	'help-search': 'on-first-use',
	'install-button': 'on-first-use'
};
const startsWith = (target: HTMLElement, start: (typeof startOf)[IslandName]) =>
	startOf[target.dataset.island as IslandName] === start;

/** What the reader does to an island first; `focusin` covers keys, `pointerdown` comes before its click. */
const firstUse = ['pointerdown', 'focusin'] as const;

function load(target: HTMLElement): Promise<Loaded> {
	const loader = islands[target.dataset.island as IslandName];
	if (!loader) throw new Error(`no island named ${target.dataset.island}`);
	return loader();
}

/**
 * Brings an island to life in its server's copy (no new nodes, no second layout of the same content), at
 * once: on first use this runs inside the event, so the click that follows reaches the live component.
 * The copy is the component's output followed by the parent's empty boundary comment; hydrate() wants it
 * between the markers of a page's root, so the boundary becomes the end marker. Should the copy differ,
 * Svelte drops it and mounts afresh.
 */
function hydrateIsland(target: HTMLElement, loaded: Loaded, svelte: typeof import('svelte')) {
	if (target.dataset.live !== undefined) return;
	target.dataset.live = '';
	const props = JSON.parse(target.dataset.props ?? '{}') as Record<string, unknown>;
	if (target.lastChild?.nodeType === Node.COMMENT_NODE && (target.lastChild as Comment).data === '')
		target.lastChild.remove();
	target.prepend(document.createComment('['));
	target.append(document.createComment(']'));
	svelte.hydrate(loaded.default, { target, props });
}

async function mountIsland(
	target: HTMLElement,
	component: Promise<Loaded>,
	svelte: Promise<typeof import('svelte')>
) {
	const [runtime, loaded] = await Promise.all([svelte, component]);
	await nextTask();
	hydrateIsland(target, loaded, runtime);
}

/** Used before this script could listen (a slow line): focus is in it, or one of its fields was typed into. */
function usedAlready(target: HTMLElement): boolean {
	if (target.contains(document.activeElement)) return true;
	const fields = target.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
	return [...fields].some((field) => field.value !== field.defaultValue);
}

/** Brings an island to life on its first use, or earlier when `now` resolves true. */
async function mountOnFirstUse(
	target: HTMLElement,
	component: Promise<Loaded>,
	svelte: Promise<typeof import('svelte')>,
	now: Promise<boolean>
) {
	const island: { used: boolean; code?: { runtime: typeof import('svelte'); loaded: Loaded } } = {
		used: false
	};
	const use = () => {
		for (const type of firstUse) target.removeEventListener(type, use, { capture: true });
		island.used = true;
		if (island.code) hydrateIsland(target, island.code.loaded, island.code.runtime);
	};
	for (const type of firstUse) target.addEventListener(type, use, { capture: true });
	if (usedAlready(target)) island.used = true;
	const [runtime, loaded] = await Promise.all([svelte, component]);
	island.code = { runtime, loaded };
	// Used before its code was here (a slow line): it comes to life as soon as it is.
	if (island.used) hydrateIsland(target, loaded, runtime);
	else if (await now) use();
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

/** Resolves when the browser offers installing (an offer before this script ran was kept by the head script). */
function installOffered(): Promise<boolean> {
	if ((window as unknown as Record<string, unknown>)[earlyInstallOfferKey]) return Promise.resolve(true);
	return new Promise((offered) =>
		addEventListener('beforeinstallprompt', () => offered(true), { once: true })
	);
}

async function start() {
	addEventListener('click', rememberEarlyChoice, { capture: true });
	await afterFirstPaint();
	await nextTask();
	const targets = [...document.querySelectorAll<HTMLElement>('[data-island]')];
	// Requested in page order, one request burst per task (each starts a dozen small downloads).
	const svelte = import('svelte');
	const components: { target: HTMLElement; component: Promise<Loaded> }[] = [];
	for (const target of targets) {
		await nextTask();
		components.push({ target, component: load(target) });
	}
	const news: Partial<Record<IslandName, Promise<boolean>>> = {
		// Asking costs the page nothing: the worker does the fetching.
		'language-picker': keepPageLanguageOffline(),
		'install-button': installOffered()
	};
	for (const { target, component } of components) {
		const name = target.dataset.island as IslandName;
		if (startsWith(target, 'on-first-use'))
			void mountOnFirstUse(target, component, svelte, news[name] ?? Promise.resolve(false));
	}
	for (const { target, component } of components)
		if (startsWith(target, 'with-page')) await mountIsland(target, component, svelte);

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
