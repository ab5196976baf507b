/**
 * Whether the mailbox can work without internet: the service worker has to control the page (or be active,
 * for the next page) and hold the mailbox's offline pack. Until then the mailbox says it is getting ready,
 * with how much of the first install is stored when the worker tells its size; afterwards the sync bar keeps
 * saying it is ready. On a shared computer nothing is kept, so nothing is said.
 */
import { MAIL_PACK, PACK_CACHE_PREFIX } from './offline-packs';
import { offlineStatus } from './keep-offline';

export type Readiness = 'unsupported' | 'preparing' | 'ready';

const POLL_MS = 500;

export class OfflineReadiness {
	state = $state<Readiness>('preparing');
	/** 0–99 while the offline packs fill, when known. */
	percent = $state<number | null>(null);

	/** Starts watching; `keepsMailbox` says whether this sign-in keeps the mailbox on the device. */
	watch(keepsMailbox: () => boolean): () => void {
		if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
			this.state = 'unsupported';
			return () => undefined;
		}
		const sw = navigator.serviceWorker;
		let total: number | null = null;
		let timer: ReturnType<typeof setInterval> | undefined = undefined;
		const stop = () => {
			clearInterval(timer);
			sw.removeEventListener('controllerchange', check);
		};
		const check = async () => {
			const registration = await sw.getRegistration().catch(() => undefined);
			// Active but not in control: a hard reload; the next page load is controlled and works offline.
			if (sw.controller || registration?.active) {
				this.percent = null;
				if (!keepsMailbox()) {
					this.state = 'unsupported';
					return;
				}
				// The mailbox's code is kept after sign-in (keepMailboxOffline): ready once it is all there.
				if ((await offlineStatus())?.complete.includes(MAIL_PACK)) {
					this.state = 'ready';
					stop();
				} else this.state = 'preparing';
				return;
			}
			this.state = 'preparing';
			const installing = registration?.installing ?? registration?.waiting;
			if (total === null && installing) total = await precacheTotal(installing);
			if (total) this.percent = Math.min(99, Math.floor(((await precachedCount()) / total) * 100));
		};
		sw.addEventListener('controllerchange', check);
		timer = setInterval(() => void check(), POLL_MS);
		void check();
		return stop;
	}
}

/** How many files the worker precaches (it answers on a message port). */
function precacheTotal(worker: ServiceWorker): Promise<number | null> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timeout = setTimeout(() => resolve(null), 2000);
		channel.port1.onmessage = (event) => {
			clearTimeout(timeout);
			const total = (event.data as { total?: unknown } | null)?.total;
			resolve(typeof total === 'number' && total > 0 ? total : null);
		};
		worker.postMessage({ type: 'PRECACHE_TOTAL' }, [channel.port2]);
	});
}

async function precachedCount(): Promise<number> {
	let count = 0;
	for (const name of await caches.keys()) {
		if (name.startsWith(PACK_CACHE_PREFIX)) count += (await (await caches.open(name)).keys()).length;
	}
	return count;
}
