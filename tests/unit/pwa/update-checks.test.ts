import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_CHECK_GAP_MS, UPDATE_INTERVAL_MS, watchForUpdates } from '$lib/pwa/update-checks';

// The unit project runs in Node: give it just the browser objects the update checks listen to.
const win = new EventTarget();
const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
const nav = { onLine: true };

function fakeRegistration() {
	return { installing: null, update: vi.fn(() => Promise.resolve()) };
}

describe('update checks', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.stubGlobal('window', win);
		vi.stubGlobal('document', doc);
		vi.stubGlobal('navigator', nav);
		nav.onLine = true;
		doc.visibilityState = 'visible';
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('checks every hour', () => {
		const registration = fakeRegistration();
		const stop = watchForUpdates(registration as unknown as ServiceWorkerRegistration);
		vi.advanceTimersByTime(UPDATE_INTERVAL_MS);
		expect(registration.update).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(UPDATE_INTERVAL_MS);
		expect(registration.update).toHaveBeenCalledTimes(2);
		stop();
		vi.advanceTimersByTime(UPDATE_INTERVAL_MS);
		expect(registration.update).toHaveBeenCalledTimes(2);
	});

	it('checks when the app comes back into view or focus, at most once a minute', () => {
		const registration = fakeRegistration();
		const stop = watchForUpdates(registration as unknown as ServiceWorkerRegistration);
		doc.dispatchEvent(new Event('visibilitychange'));
		win.dispatchEvent(new Event('focus'));
		expect(registration.update).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(MIN_CHECK_GAP_MS);
		win.dispatchEvent(new Event('focus'));
		expect(registration.update).toHaveBeenCalledTimes(2);
		stop();
	});

	it('does not check while hidden or offline, and checks when the network returns', () => {
		const registration = fakeRegistration();
		const stop = watchForUpdates(registration as unknown as ServiceWorkerRegistration);
		doc.visibilityState = 'hidden';
		doc.dispatchEvent(new Event('visibilitychange'));
		nav.onLine = false;
		win.dispatchEvent(new Event('focus'));
		expect(registration.update).not.toHaveBeenCalled();
		nav.onLine = true;
		win.dispatchEvent(new Event('online'));
		expect(registration.update).toHaveBeenCalledTimes(1);
		stop();
	});

	it('survives a failed check', async () => {
		const registration = { installing: null, update: vi.fn(() => Promise.reject(new Error('offline'))) };
		const stop = watchForUpdates(registration as unknown as ServiceWorkerRegistration);
		win.dispatchEvent(new Event('focus'));
		await vi.runAllTicks();
		expect(registration.update).toHaveBeenCalledTimes(1);
		stop();
	});
});
