// A first visit in a fresh browser profile, measured until the app works offline: every request of the page
// and of the service worker with its transfer size, and the time until the "Ready to work offline" notice
// shows with the given pages in the worker's cache. Optionally on an emulated slow line (CDP network
// emulation, applied to the page and to the worker before either sends a request).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithPipe } from './cdp.js';

/**
 * @typedef {object} VisitRequest
 * @property {string} url
 * @property {'page' | 'worker'} by
 * @property {number} status
 * @property {number} bytes bytes received over the network, headers included (0 from the HTTP cache)
 * @property {number} headerBytes of those, the response headers
 * @property {boolean} beforeReady
 *
 * @typedef {object} FirstVisit
 * @property {string} url
 * @property {{ latencyMs: number; kbitPerSecond: number } | null} throttle
 * @property {number} readyMs from the start of the navigation until offline-ready
 * @property {string | null} workerState
 * @property {Record<string, boolean>} cached whether each checked page was in the worker's cache then
 * @property {number} bytesUntilReady
 * @property {number} requestsUntilReady
 * @property {number} bytesTotal including what was still loading at that moment
 * @property {VisitRequest[]} requests
 */

/** Runs in the page: waits for the offline-ready notice, then checks the worker and its cache. */
const readinessScript = `(async (paths) => {
	const notice = () => document.querySelector('[data-testid="pwa-offline-ready"]');
	await new Promise((resolve) => {
		if (notice()) return resolve();
		new MutationObserver((_, observer) => {
			if (notice()) { observer.disconnect(); resolve(); }
		}).observe(document.documentElement, { childList: true, subtree: true });
	});
	// The notice comes when the first install is done; the worker activates right after it.
	const registration = await navigator.serviceWorker.ready;
	const worker = registration.active;
	if (worker && worker.state !== 'activated') {
		await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
	}
	const readyMs = performance.now();
	const cached = {};
	for (const path of paths) cached[path] = !!(await caches.match(path, { ignoreSearch: true }));
	return { readyMs, workerState: registration?.active?.state ?? null, cached };
})`;

/**
 * @param {{ chromePath: string; args: string[]; url: string; checkPaths: string[];
 *   throttle?: { latencyMs: number; kbitPerSecond: number }; settleMs?: number; timeoutMs?: number }} options
 * @returns {Promise<FirstVisit>}
 */
export async function measureFirstVisit({
	chromePath,
	args,
	url,
	checkPaths,
	throttle,
	settleMs = 3000,
	timeoutMs = 180_000
}) {
	const profile = mkdtempSync(join(tmpdir(), 'postkasse-bench-visit-'));
	const cdp = launchWithPipe(chromePath, args, profile);
	/** @type {Map<string, 'page' | 'worker' | 'other'>} */
	const sessions = new Map();
	/** @type {Map<string, VisitRequest & { fromWorker: boolean; done: boolean }>} */
	const requests = new Map();
	let ready = false;
	/** @type {(sessionId: string) => void} */
	let pageAttached = () => {};
	const pageSession = new Promise((resolve) => (pageAttached = resolve));
	let ourTarget = '';

	cdp.onEvent(async ({ method, params, sessionId }) => {
		if (method === 'Target.attachedToTarget') {
			const { sessionId: child, targetInfo } = params;
			const kind =
				targetInfo.type === 'page' ? 'page' : targetInfo.type === 'service_worker' ? 'worker' : 'other';
			sessions.set(child, kind);
			try {
				if (kind !== 'other') {
					await cdp.send('Network.enable', {}, child);
					if (throttle) {
						const bytesPerSecond = (throttle.kbitPerSecond * 1000) / 8;
						await cdp.send(
							'Network.emulateNetworkConditions',
							{
								offline: false,
								latency: throttle.latencyMs,
								downloadThroughput: bytesPerSecond,
								uploadThroughput: bytesPerSecond
							},
							child
						);
					}
				}
			} finally {
				await cdp.send('Runtime.runIfWaitingForDebugger', {}, child).catch(() => {});
			}
			if (targetInfo.targetId === ourTarget) pageAttached(child);
			return;
		}
		if (!sessionId) return;
		const by = sessions.get(sessionId);
		if (by !== 'page' && by !== 'worker') return;
		const key = `${sessionId}:${params.requestId}`;
		if (method === 'Network.requestWillBeSent' && !params.request.url.startsWith('data:')) {
			requests.set(key, {
				url: params.request.url,
				by,
				status: 0,
				bytes: 0,
				headerBytes: 0,
				beforeReady: false,
				fromWorker: false,
				done: false
			});
		} else if (method === 'Network.responseReceived') {
			const request = requests.get(key);
			if (request) {
				request.status = params.response.status;
				request.fromWorker = !!params.response.fromServiceWorker;
				request.headerBytes = params.response.encodedDataLength ?? 0;
			}
		} else if (method === 'Network.loadingFinished' || method === 'Network.loadingFailed') {
			const request = requests.get(key);
			if (request) {
				request.bytes = method === 'Network.loadingFinished' ? params.encodedDataLength : 0;
				request.done = true;
				request.beforeReady = !ready;
			}
		}
	});

	try {
		await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
		ourTarget = (await cdp.send('Target.createTarget', { url: 'about:blank' })).targetId;
		const session = /** @type {string} */ (await pageSession);
		await cdp.send('Page.enable', {}, session);
		const loaded = new Promise((resolve) =>
			cdp.onEvent(({ method, sessionId }) => {
				if (method === 'Page.domContentEventFired' && sessionId === session) resolve(undefined);
			})
		);
		await cdp.send('Page.navigate', { url }, session);
		await loaded;
		const evaluation = cdp.send(
			'Runtime.evaluate',
			{
				expression: `${readinessScript}(${JSON.stringify(checkPaths)})`,
				awaitPromise: true,
				returnByValue: true
			},
			session
		);
		const timeout = new Promise((_, reject) =>
			setTimeout(() => reject(new Error(`not offline-ready within ${timeoutMs} ms`)), timeoutMs)
		);
		const { result } = await Promise.race([evaluation, timeout]);
		ready = true;
		await new Promise((resolve) => setTimeout(resolve, settleMs));

		// What crossed the network: the page's own requests that the worker did not answer, and the worker's.
		const counted = [...requests.values()].filter((r) => r.done && !(r.by === 'page' && r.fromWorker));
		const untilReady = counted.filter((r) => r.beforeReady);
		return {
			url,
			throttle: throttle ?? null,
			readyMs: Math.round(result.value.readyMs),
			workerState: result.value.workerState,
			cached: result.value.cached,
			bytesUntilReady: untilReady.reduce((sum, r) => sum + r.bytes, 0),
			requestsUntilReady: untilReady.length,
			bytesTotal: counted.reduce((sum, r) => sum + r.bytes, 0),
			requests: counted.map(({ url: u, by, status, bytes, headerBytes, beforeReady }) => ({
				url: u,
				by,
				status,
				bytes,
				headerBytes,
				beforeReady
			}))
		};
	} finally {
		await cdp.close();
		rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
	}
}
