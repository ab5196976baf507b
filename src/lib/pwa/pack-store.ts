// The service worker's side of the offline packs (see offline-packs.ts): one Cache Storage cache per pack,
// filled as a whole, looked up by URL. Replaces workbox-precaching, which can only precache everything at
// install time.
import { cacheKey, lookupUrl, packCacheName, packOfCacheName, type PackEntry } from './offline-packs';

interface Stored {
	pack: string;
	key: string;
	/** null for files with a content hash in their name. */
	revision: string | null;
}

/** Downloads at once per pack; a slow line gains little from more, and the page needs connections too. */
const PARALLEL_DOWNLOADS = 4;

export class PackStore {
	private readonly byUrl = new Map<string, Stored>();
	private readonly byPack = new Map<string, Map<string, Stored>>();
	private readonly running = new Map<string, Promise<number>>();

	constructor(entries: readonly PackEntry[], base: string) {
		for (const entry of entries) {
			const url = new URL(entry.url, base).href;
			const stored = { pack: entry.pack, key: cacheKey(url, entry.revision), revision: entry.revision };
			this.byUrl.set(url, stored);
			const pack = this.byPack.get(entry.pack) ?? new Map<string, Stored>();
			pack.set(url, stored);
			this.byPack.set(entry.pack, pack);
		}
	}

	/** Every pack this version of the app has. */
	get packs(): ReadonlySet<string> {
		return new Set(this.byPack.keys());
	}

	/** How many files these packs hold (what a first install downloads, for its progress). */
	size(packs: readonly string[]): number {
		return packs.reduce((sum, pack) => sum + (this.byPack.get(pack)?.size ?? 0), 0);
	}

	/** Whether the URL belongs to a pack (so it is answered from the cache when it is there). */
	has(url: URL): boolean {
		return this.byUrl.has(lookupUrl(url));
	}

	/** Packs this device has a cache for: what the reader used before, kept up to date by each update. */
	async kept(): Promise<string[]> {
		return (await caches.keys()).flatMap((name) => packOfCacheName(name) ?? []);
	}

	/** The cached copy of a URL from whichever pack holds it. */
	async match(url: URL): Promise<Response | undefined> {
		const stored = this.byUrl.get(lookupUrl(url));
		if (!stored) return undefined;
		// caches.match, not caches.open: opening would create the pack's cache, which then counts as kept.
		return caches.match(stored.key, { cacheName: packCacheName(stored.pack) });
	}

	async complete(pack: string): Promise<boolean> {
		const files = this.byPack.get(pack);
		if (!files) return false;
		if (!(await caches.has(packCacheName(pack)))) return false;
		const keys = new Set((await (await caches.open(packCacheName(pack))).keys()).map((r) => r.url));
		return [...files.values()].every((stored) => keys.has(stored.key));
	}

	/** Downloads what the packs miss; resolves to the number of files fetched. Throws if one fails. */
	async install(packs: readonly string[]): Promise<number> {
		const counts = await Promise.all(packs.map((pack) => this.installOne(pack)));
		return counts.reduce((sum, count) => sum + count, 0);
	}

	private installOne(pack: string): Promise<number> {
		// Two pages asking for the same pack share one download.
		let running = this.running.get(pack);
		if (!running) {
			running = this.download(pack).finally(() => this.running.delete(pack));
			this.running.set(pack, running);
		}
		return running;
	}

	private async download(pack: string): Promise<number> {
		const files = [...(this.byPack.get(pack) ?? new Map<string, Stored>())];
		const cache = await caches.open(packCacheName(pack));
		const present = new Set((await cache.keys()).map((request) => request.url));
		const missing = files.filter(([, stored]) => !present.has(stored.key));
		let next = 0;
		const worker = async () => {
			while (next < missing.length) {
				const [url, stored] = missing[next++]!;
				// Pages fresh from the server and not into the HTTP cache as well: offline, a page the browser
				// kept there would be served without the worker's say (e.g. the mail shell without its code).
				// Files with a content hash may come from the HTTP cache (the page loaded them just now).
				const response = await fetch(url, {
					cache: stored.revision ? 'no-store' : 'default',
					credentials: 'same-origin'
				});
				if (!response.ok) throw new Error(`offline pack ${pack}: ${url} answered ${response.status}`);
				await cache.put(stored.key, await servable(response));
			}
		};
		await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, missing.length) }, worker));
		return missing.length;
	}

	/** After an update: drops files this version no longer has, and packs it no longer makes. */
	async cleanUp(): Promise<void> {
		for (const pack of await this.kept()) {
			const files = this.byPack.get(pack);
			if (!files) {
				await caches.delete(packCacheName(pack));
				continue;
			}
			const wanted = new Set([...files.values()].map((stored) => stored.key));
			const cache = await caches.open(packCacheName(pack));
			for (const request of await cache.keys()) {
				if (!wanted.has(request.url)) await cache.delete(request);
			}
		}
	}
}

/** A redirected response cannot answer a navigation; store a plain copy instead. */
async function servable(response: Response): Promise<Response> {
	if (!response.redirected) return response;
	return new Response(await response.blob(), {
		status: response.status,
		statusText: response.statusText,
		headers: response.headers
	});
}
