/**
 * The browser code of the prerendered public pages (built by scripts/vite/islands.ts). They run without
 * SvelteKit's client; this brings the components that need the browser to life in their server-rendered
 * copies (see Island.svelte) and registers the service worker after the page.
 *
 * The page is complete without them (server-rendered, styles inline), so nothing here competes with the
 * first paint, and a phone's main thread is kept free while the page loads (Lighthouse's blocking time).
 * This entry imports no component up front, and Svelte only once something needs it:
 * - the offline page's button is requested after the first paint and comes to life in a task of its own;
 * - the wizard, the language picker and the help search work as the server rendered them (the wizard's
 *   first screen is text with a Start button, the picker plain links, the search a plain field; the
 *   picker's folded list closes on Escape or a click outside, components/dismissible.ts) until the reader
 *   first touches, clicks or focuses them, or until they have news to tell (the wizard: progress saved on
 *   this device, shown at once; the picker: its language now works offline). Only then is their code
 *   loaded. A button pressed in that moment is pressed again once the island is live, so no press is lost;
 * - the wizard's read-aloud button (server-rendered, hidden) is shown without Svelte when the device has a
 *   voice for the page's language;
 * - the install button (server-rendered, hidden) is shown and wired without Svelte while the browser offers
 *   installing;
 * - the update prompt (plain DOM, no Svelte), which registers the worker, waits until the page has loaded
 *   and the browser is idle.
 */
import type { Component } from 'svelte';
import { isLocale } from '$lib/i18n/locales';
import { rememberLocale } from '$lib/i18n/remembered-locale';
import { keepPageLanguageOffline } from '$lib/pwa/keep-offline';
import { installApp, watchInstallOffer } from '$lib/pwa/install-offer';
import { dismissible } from '$lib/components/dismissible';
import { hasSavedProgress } from '$lib/wizard/saved-progress';
import { offerReadAloud } from '$lib/wizard/read-aloud-offer';
import type { IslandName } from './registry';
import { afterFirstPaint, nextTask, whenIdle } from './scheduling';

type Loaded = { default: Component<Record<string, unknown>> };

const islands: Record<IslandName, () => Promise<Loaded>> = {
	'language-picker': () => import('$lib/i18n/LanguagePicker.svelte') as Promise<unknown> as Promise<Loaded>,
	'help-search': () => import('$lib/help/HelpSearch.svelte') as Promise<unknown> as Promise<Loaded>,
	'offline-retry': () => import('$lib/pwa/OfflineRetry.svelte') as Promise<unknown> as Promise<Loaded>,
	wizard: () => import('$lib/wizard/Wizard.svelte') as Promise<unknown> as Promise<Loaded>
};

/** When each island comes to life (see above). */
const startOf: Record<IslandName, 'with-page' | 'on-first-use'> = {
	'offline-retry': 'with-page',
	wizard: 'on-first-use',
	'language-picker': 'on-first-use',
	'help-search': 'on-first-use'
};
const startsWith = (target: HTMLElement, start: (typeof startOf)[IslandName]) =>
	startOf[target.dataset.island as IslandName] === start;

let runtime: Promise<typeof import('svelte')> | undefined;
/** Svelte itself, loaded only once something on the page needs it. */
const svelteRuntime = () => (runtime ??= import('svelte'));

/** What the reader does to an island first; `focusin` covers keys, `pointerdown` comes before its click. */
const firstUse = ['pointerdown', 'focusin'] as const;

function load(target: HTMLElement): Promise<Loaded> {
	const loader = islands[target.dataset.island as IslandName];
	if (!loader) throw new Error(`no island named ${target.dataset.island}`);
	return loader();
}

/**
 * Brings an island to life in its server's copy (no new nodes, no second layout of the same content). The
 * copy is the component's output followed by the parent's empty boundary comment; hydrate() wants it between
 * the markers of a page's root, so the boundary becomes the end marker. Should the copy differ,
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
	// Its onMount and effects now, so what happens next (a press made before it was live) finds it ready.
	svelte.flushSync();
}

async function mountIsland(target: HTMLElement, component: Promise<Loaded>) {
	const [svelte, loaded] = await Promise.all([svelteRuntime(), component]);
	await nextTask();
	hydrateIsland(target, loaded, svelte);
}

/** Used before this script could listen (a slow line): focus is in it, or one of its fields was typed into. */
function usedAlready(target: HTMLElement): boolean {
	if (target.contains(document.activeElement)) return true;
	const fields = target.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
	return [...fields].some((field) => field.value !== field.defaultValue);
}

/**
 * A press on a button that has no action of its own (type="button") while its island is not live yet: it
 * is remembered, and pressed again once the island is (links and submit buttons act without the island).
 */
function rememberPress(target: HTMLElement): { stop(): HTMLButtonElement | null } {
	let pressed: HTMLButtonElement | null = null;
	const remember = (event: MouseEvent) => {
		const button = (event.target as Element | null)?.closest?.('button[type="button"]');
		if (button instanceof HTMLButtonElement && target.contains(button)) pressed = button;
	};
	target.addEventListener('click', remember, { capture: true });
	return {
		stop() {
			target.removeEventListener('click', remember, { capture: true });
			return pressed;
		}
	};
}

/**
 * Brings an island to life on its first use, or when `news` resolves true: only then are its code and the
 * Svelte runtime loaded. Until then it works as the server rendered it (plain links, a plain field) and is
 * marked `data-waiting`.
 */
function startOnFirstUse(target: HTMLElement, news: Promise<boolean>) {
	let started = false;
	const press = rememberPress(target);
	const use = () => {
		for (const type of firstUse) target.removeEventListener(type, use, { capture: true });
		if (started) return;
		started = true;
		delete target.dataset.waiting;
		// Loading (the runtime's first run) and hydrating are two tasks, so neither keeps the page busy long.
		void Promise.all([svelteRuntime(), load(target)]).then(async ([svelte, loaded]) => {
			await nextTask();
			hydrateIsland(target, loaded, svelte);
			const pressed = press.stop();
			if (pressed?.isConnected) pressed.click();
		});
	};
	for (const type of firstUse) target.addEventListener(type, use, { capture: true });
	if (usedAlready(target)) return use();
	void news.then((tell) => {
		if (tell) use();
		else if (!started) target.dataset.waiting = '';
	});
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

/** The install button (server-rendered, hidden): shown while the browser offers installing. No Svelte. */
function wireInstallButtons() {
	const buttons = [...document.querySelectorAll<HTMLButtonElement>('button.install-button')];
	if (buttons.length === 0) return;
	for (const button of buttons) button.addEventListener('click', () => void installApp());
	watchInstallOffer((offered) => {
		for (const button of buttons) button.hidden = !offered;
	});
}

async function start() {
	addEventListener('click', rememberEarlyChoice, { capture: true });
	await afterFirstPaint();
	await nextTask();
	wireInstallButtons();
	for (const details of document.querySelectorAll<HTMLDetailsElement>('.language-picker details'))
		dismissible(details);
	const targets = [...document.querySelectorAll<HTMLElement>('[data-island]')];
	const news: Partial<Record<IslandName, Promise<boolean>>> = {
		// Asking costs the page nothing: the worker does the fetching.
		'language-picker': keepPageLanguageOffline(),
		// Progress saved on this device is shown at once, not the first screen.
		wizard: Promise.resolve(hasSavedProgress())
	};
	for (const target of targets.filter((t) => t.dataset.island === 'wizard'))
		offerReadAloud(target, document.documentElement.lang, () => target.dataset.live !== undefined);
	for (const target of targets.filter((t) => startsWith(t, 'on-first-use')))
		startOnFirstUse(target, news[target.dataset.island as IslandName] ?? Promise.resolve(false));
	// Requested in page order, one request burst per task (each starts a dozen small downloads), then
	// brought to life in page order, one per task.
	const components: { target: HTMLElement; component: Promise<Loaded> }[] = [];
	for (const target of targets.filter((t) => startsWith(t, 'with-page'))) {
		await nextTask();
		components.push({ target, component: load(target) });
	}
	for (const { target, component } of components) await mountIsland(target, component);

	// As on the mailbox's pages (root layout): the worker registers once the page has loaded.
	if (document.readyState !== 'complete')
		await new Promise((loaded) => addEventListener('load', loaded, { once: true }));
	await whenIdle();
	const { startUpdatePrompt } = await import('$lib/pwa/update-prompt');
	startUpdatePrompt();
}

void start();
