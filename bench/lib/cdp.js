// A small Chrome DevTools Protocol client over --remote-debugging-pipe (Node 20 has no WebSocket). The
// benchmark needs what Playwright does not offer: network emulation and request sizes for the service
// worker too, applied before the worker runs its first line (auto-attach with waitForDebuggerOnStart).
import { spawn } from 'node:child_process';

/**
 * @typedef {{ method: string; params: any; sessionId?: string }} CdpEvent
 * @typedef {object} Cdp
 * @property {(method: string, params?: object, sessionId?: string) => Promise<any>} send
 * @property {(listener: (event: CdpEvent) => void) => void} onEvent
 * @property {() => Promise<void>} close
 */

/**
 * Starts Chromium headless with a pipe for the protocol.
 * @param {string} executablePath
 * @param {string[]} args
 * @param {string} userDataDir a fresh profile: nothing cached, no service worker
 * @returns {Cdp}
 */
export function launchWithPipe(executablePath, args, userDataDir) {
	const child = spawn(
		executablePath,
		[...args, '--headless=new', '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`, 'about:blank'],
		{ stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] }
	);
	const toBrowser = /** @type {import('node:stream').Writable} */ (child.stdio[3]);
	const fromBrowser = /** @type {import('node:stream').Readable} */ (child.stdio[4]);
	/** @type {Map<number, { resolve: (value: any) => void; reject: (error: Error) => void; method: string }>} */
	const pending = new Map();
	/** @type {((event: CdpEvent) => void)[]} */
	const listeners = [];
	let nextId = 0;
	/** @type {Buffer[]} */
	let partial = [];

	fromBrowser.on('data', (/** @type {Buffer} */ chunk) => {
		// Messages are JSON, each ended by a NUL byte; a chunk may hold several or part of one.
		let start = 0;
		for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
			partial.push(chunk.subarray(start, end));
			const message = JSON.parse(Buffer.concat(partial).toString('utf8'));
			partial = [];
			start = end + 1;
			if (typeof message.id === 'number') {
				const waiting = pending.get(message.id);
				pending.delete(message.id);
				if (message.error) waiting?.reject(new Error(`${waiting.method}: ${message.error.message}`));
				else waiting?.resolve(message.result);
			} else {
				for (const listener of listeners) listener(message);
			}
		}
		if (start < chunk.length) partial.push(chunk.subarray(start));
	});
	child.on('exit', () => {
		for (const waiting of pending.values()) waiting.reject(new Error('Chromium exited'));
		pending.clear();
	});

	return {
		send(method, params = {}, sessionId) {
			const id = ++nextId;
			const message = sessionId ? { id, method, params, sessionId } : { id, method, params };
			return new Promise((resolve, reject) => {
				pending.set(id, { resolve, reject, method });
				toBrowser.write(`${JSON.stringify(message)}\0`);
			});
		},
		onEvent(listener) {
			listeners.push(listener);
		},
		async close() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			// Ask the browser to close (it stops its helper processes too); kill it if it does not.
			toBrowser.write(`${JSON.stringify({ id: ++nextId, method: 'Browser.close', params: {} })}\0`);
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
}
