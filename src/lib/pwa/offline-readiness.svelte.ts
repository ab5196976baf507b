/**
 * Whether the mailbox can work without internet: the service worker has to control the page (or be active,
 * for the next page) and hold the mailbox's offline pack. Until then the mailbox says it is getting ready,
 * with how much of the first install is stored when the worker tells its size; afterwards the sync bar keeps
 * saying it is ready. On a shared computer nothing is kept, so nothing is said.
 */
import { MAIL_PACK, PACK_CACHE_PREFIX } from './offline-packs';
import { MAIL_PACK_ANSWERED, offlineStatus } from './keep-offline';

export type Readiness = 'unsupported' | 'preparing' | 'ready';

/** While the worker installs, the percentage moves: look often. */
const POLL_MS = 500;
/** Installed but the mailbox's pack is not complete yet: the worker's answer wakes us; look now and then. */
const SLOW_POLL_MAX_MS = 8000;

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
		let timer: ReturnType<typeof setTimeout> | undefined = undefined;
		let stopped = false;
		let delay = POLL_MS;
		const stop = () => {
			stopped = true;
			clearTimeout(timer);
			sw.removeEventListener('controllerchange', recheck);
			window.removeEventListener(MAIL_PACK_ANSWERED, recheck);
		};
		const schedule = () => {
			clearTimeout(timer);
			if (!stopped) timer = setTimeout(() => void check().then(schedule), delay);
		};
		const recheck = () => {
			delay = POLL_MS;
			void check().then(schedule);
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
				} else {
					this.state = 'preparing';
					// Each status question makes the worker read every pack's cache: back off.
					delay = Math.min(SLOW_POLL_MAX_MS, delay * 2);
				}
				return;
			}
			this.state = 'preparing';
			const installing = registration?.installing ?? registration?.waiting;
			if (total === null && installing) total = await precacheTotal(installing);
			if (total) this.percent = Math.min(99, Math.floor(((await precachedCount()) / total) * 100));
		};
		sw.addEventListener('controllerchange', recheck);
		window.addEventListener(MAIL_PACK_ANSWERED, recheck);
		recheck();
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
