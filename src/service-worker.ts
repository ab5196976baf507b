/// <reference lib="webworker" />
// Postkasse's service worker (built by SvelteKit, precache list injected by @vite-pwa/sveltekit).
// - Keeps the app offline in packs (src/lib/pwa/offline-packs.ts): at install the shell and the pages of
//   Danish and of the languages open in a window; another language's pages when a page in it asks (the
//   language picker, a first visit); the mailbox's code once a citizen has signed in.
// - Navigations: network first with a short timeout, then the cached page, the mail shell or the offline page.
// - Letter files come from the per-user cache the mail client fills; nothing else from /api is ever cached.
// - Push shows the notice the server sent (in the citizen's language); a click opens the mailbox.
// Only $lib, $service-worker and $env/static/public can be imported here (no $app, no paraglide runtime).
import { clientsClaim } from 'workbox-core';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { baseLocale, locales } from '../project.inlang/settings.json';
import {
	contentDisposition,
	isMailPage,
	mailPath,
	offlineCandidates,
	offlineDataRedirect,
	splitLocale
} from '$lib/pwa/offline-routes';
import {
	MAIL_PACK,
	PACK_CACHE_PREFIX,
	isKeepOfflineRequest,
	mailTextsPack,
	packsToKeep,
	type OfflineReply,
	type PackEntry
} from '$lib/pwa/offline-packs';
import { PackStore } from '$lib/pwa/pack-store';
import { pushTexts } from '$lib/pwa/push-texts';
import { readPushNotice } from '$lib/notify/push-payload';
import { baseHeaders, resourceCsp } from '$lib/security/headers.js';

// The build replaces `self.__WB_MANIFEST` with the list of precache entries.
declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: PackEntry[] };

/** Cache names the mail client uses for letter files, one per citizen (deleted at sign-out). */
const FILE_CACHE_PREFIX = 'postkasse-files-';
/** A navigation waits this long for the network before the cached copy answers. */
const NETWORK_TIMEOUT_SECONDS = 3;

// Every precache entry, filed under its pack by the build (scripts/vite/offline-packs.ts).
const packs = new PackStore(self.__WB_MANIFEST, self.location.origin);
/** Files the first install downloads; the mailbox shows how far it got ($lib/pwa/offline-readiness.svelte.ts). */
let installTotal = 0;

// Install: the packs this device needs now. A first visit gets the shell and the pages of Danish and of the
// languages open in a window (so "Ready to work offline" is true for the reader's language); an update
// refreshes every pack the device kept before, so nothing that worked offline stops working.
self.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const wanted = packsToKeep({
				baseLocale,
				locales: await openLocales(),
				mail: false,
				kept: await packs.kept(),
				available: packs.packs
			});
			installTotal = packs.size(wanted);
			await packs.install(wanted);
		})()
	);
});

async function openLocales(): Promise<string[]> {
	const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
	return windows.map((client) => localeOf(new URL(client.url).pathname));
}

function localeOf(pathname: string): string {
	const { prefix } = splitLocale(pathname, locales, baseLocale);
	return prefix ? prefix.slice(1) : baseLocale;
}

/** Whether the mail pages of a locale can work offline: the mailbox's code and texts are on the device. */
async function mailReady(locale: string): Promise<boolean> {
	const texts = mailTextsPack(locale);
	return (await packs.complete(MAIL_PACK)) && (!packs.packs.has(texts) || (await packs.complete(texts)));
}

// Take over pages opened before the first install, so they work offline without a reload. Updates still
// wait for the reader's "Update" (SKIP_WAITING below).
clientsClaim();

// 1. Letter files: the device's copy first (it is the reader's own, saved by the mail client), then network.
registerRoute(
	({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/api/v1/files/'),
	async ({ request, url }) => {
		const cached = await cachedFile(request);
		if (!cached) {
			try {
				return await fetch(request);
			} catch (error) {
				// A file opened in its own tab while offline: say so in a page, not a browser error.
				if (request.mode === 'navigate') return offlinePage(url);
				throw error;
			}
		}
		const download = url.searchParams.get('download') === '1';
		const headers = new Headers(cached.headers);
		const disposition = contentDisposition(cached.headers.get('Content-Disposition'), download);
		if (disposition) headers.set('Content-Disposition', disposition);
		return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
	},
	'GET'
);

async function cachedFile(request: Request): Promise<Response | undefined> {
	const names = (await caches.keys()).filter((name) => name.startsWith(FILE_CACHE_PREFIX));
	for (const name of names) {
		const cache = await caches.open(name);
		const hit = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
		if (hit) return hit;
	}
	return undefined;
}

// 2. Page navigations (not /api): fresh from the network when it answers in time, else a cached page.
const network = new NetworkOnly({ networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS });
registerRoute(
	new NavigationRoute(
		async (options) => {
			try {
				return await network.handle(options);
			} catch {
				return offlinePage(options.url);
			}
		},
		{ denylist: [/^\/api\//] }
	)
);

async function offlinePage(url: URL): Promise<Response> {
	const locale = localeOf(url.pathname);
	// Mail pages need the mailbox's code on the device (kept after sign-in); the shell alone would be empty.
	if (!isMailPage(url.pathname, locales, baseLocale) || (await mailReady(locale))) {
		for (const path of offlineCandidates(url.pathname, locales, baseLocale)) {
			// The base language's offline page only at its own address (below): at another language's
			// address the page would ask for that language's texts, which are not on the device.
			if (path === '/offline' && locale !== baseLocale) break;
			const cached = await packs.match(new URL(path, url));
			if (cached) return cached;
		}
	}
	// Nothing kept can show this address: the offline page of its language if kept, else the base one,
	// at its own address; it remembers the page for "Try again".
	const target = new URL(offlineDataRedirect(url.pathname, locales, baseLocale).location, url);
	if (!(await packs.match(target))) target.pathname = '/offline';
	if (target.pathname === url.pathname) return Response.error();
	return Response.redirect(target.href, 302);
}

// 3. Everything in a pack (scripts, styles, icons, __data.json of prerendered pages): the cached copy when
// the pack is on the device, else the network. SvelteKit asks for page data as __data.json?x-sveltekit-
// invalidated=…, and /offline?from=… (below) carries the page to go back to; lookups ignore those.
registerRoute(
	({ url, sameOrigin }) => sameOrigin && packs.has(url),
	async ({ request, url }) => (await packs.match(url)) ?? fetch(request)
);

// 4. Page data of pages we could not precache (rendered by the server): the network, and offline a
// redirect (in SvelteKit's data format) to the offline page instead of a bare error page.
registerRoute(
	({ url, sameOrigin }) => sameOrigin && url.pathname.endsWith('/__data.json'),
	async ({ request, url }) => {
		try {
			return await fetch(request);
		} catch {
			const redirect = offlineDataRedirect(url.pathname, locales, baseLocale);
			// Answers the worker makes itself carry the same security headers as the server's; cached pages keep
			// the headers they were fetched with.
			return new Response(`${JSON.stringify(redirect)}\n`, {
				headers: {
					'Content-Type': 'application/json',
					...baseHeaders,
					'content-security-policy': resourceCsp
				}
			});
		}
	}
);

// Sync and other API answers are not routed at all: the browser fetches them as usual, uncached.

self.addEventListener('message', (event) => {
	// The update prompt posts this when the reader accepts the new version.
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
	// A page that opened while this worker was activating missed the claim above; it asks again.
	if (event.data?.type === 'CLAIM') event.waitUntil(self.clients.claim());
	// A page asks to keep its language (and, signed in, the mailbox) offline; the answer says when it is.
	if (isKeepOfflineRequest(event.data, locales)) {
		const { locale, mail = false } = event.data;
		event.waitUntil(reply(event, () => keepOffline(locale, mail)));
	}
	if (event.data?.type === 'OFFLINE_STATUS') event.waitUntil(reply(event, async () => 0));
	if (event.data?.type === 'PRECACHE_TOTAL') event.ports[0]?.postMessage({ total: installTotal });
});

async function keepOffline(locale: string, mail: boolean): Promise<number> {
	const wanted = packsToKeep({
		baseLocale,
		locales: [locale],
		mail,
		kept: await packs.kept(),
		available: packs.packs
	});
	return packs.install(wanted);
}

async function reply(event: ExtendableMessageEvent, work: () => Promise<number>): Promise<void> {
	let answer: OfflineReply;
	try {
		const fetched = await work();
		answer = { ok: true, fetched, complete: await completePacks() };
	} catch (error) {
		// Offline or a failed download: the page keeps working online; it may ask again later.
		console.warn('offline packs:', error);
		answer = { ok: false, fetched: 0, complete: await completePacks() };
	}
	event.ports[0]?.postMessage(answer);
}

async function completePacks(): Promise<string[]> {
	const complete: string[] = [];
	for (const pack of packs.packs) if (await packs.complete(pack)) complete.push(pack);
	return complete.sort();
}

self.addEventListener('activate', (event) => {
	// Remove caches of older versions (and the precache of versions before the packs); keep the packs, minus
	// files this version no longer has, and the readers' letter-file caches.
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (!name.startsWith(PACK_CACHE_PREFIX) && !name.startsWith(FILE_CACHE_PREFIX))
					await caches.delete(name);
			}
			await packs.cleanUp();
		})()
	);
});

// Push: the notice as our server wrote it in the citizen's language (sender and the sender's own short text,
// never the letter), else a generic text in the reader's language. See $lib/notify/push-payload.ts.
self.addEventListener('push', (event) => {
	event.waitUntil(
		(async () => {
			const notice = readPushNotice(jsonOf(event.data), locales);
			const locale = notice?.locale ?? (await pushLocale(event.data)) ?? baseLocale;
			const text = pushTexts[locale] ?? pushTexts[baseLocale]!;
			await self.registration.showNotification(notice?.title ?? text.title, {
				body: notice?.body ?? text.body,
				lang: locale,
				dir: text.dir,
				icon: '/pwa-192x192.png',
				badge: '/pwa-64x64.png',
				tag: 'postkasse-new-post',
				data: { url: notice?.url ?? mailPath(locale, baseLocale) }
			});
		})()
	);
});

function jsonOf(data: PushMessageData | null): unknown {
	try {
		return data?.json();
	} catch {
		return undefined;
	}
}

async function pushLocale(data: PushMessageData | null): Promise<string | undefined> {
	const requested = (jsonOf(data) as { locale?: unknown } | undefined)?.locale;
	if (typeof requested === 'string' && locales.includes(requested)) return requested;
	// No language in the payload: an open window's language.
	const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const open = windows[0];
	if (!open) return undefined;
	const { prefix } = splitLocale(new URL(open.url).pathname, locales, baseLocale);
	return prefix ? prefix.slice(1) : baseLocale;
}

self.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const target = new URL(
		(event.notification.data as { url?: string } | null)?.url ?? '/mail',
		self.location.origin
	);
	event.waitUntil(
		(async () => {
			const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
			const onMail = windows.find((client) => new URL(client.url).pathname.startsWith(target.pathname));
			// focus() may be refused (no user activation); the window is still the right one to use.
			if (onMail) {
				await onMail.focus().catch(() => undefined);
				return;
			}
			const any = windows[0];
			if (any) {
				const focused = await any.focus().catch(() => any);
				if (await focused.navigate(target.href).catch(() => null)) return;
			}
			await self.clients.openWindow(target.href);
		})()
	);
});
