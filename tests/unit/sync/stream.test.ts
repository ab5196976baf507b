import { afterEach, describe, expect, it, vi } from 'vitest';
import { resyncStream } from '../../../src/lib/sync/replication';

class FakeEventSource {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSED = 2;
	static opened: FakeEventSource[] = [];
	readyState = 0;
	onopen: (() => void) | null = null;
	onmessage: (() => void) | null = null;
	onerror: (() => void) | null = null;
	closed = false;
	constructor(readonly url: string) {
		FakeEventSource.opened.push(this);
	}
	close() {
		this.closed = true;
		this.readyState = 2;
	}
}

afterEach(() => {
	FakeEventSource.opened = [];
	vi.useRealTimers();
});

describe('resyncStream', () => {
	it('is cold, maps every message, error and reconnect to RESYNC, and closes on unsubscribe', () => {
		const stream = resyncStream('/s', FakeEventSource as unknown as typeof EventSource);
		expect(FakeEventSource.opened).toHaveLength(0);
		const seen: string[] = [];
		const sub = stream.subscribe((v) => seen.push(v));
		const source = FakeEventSource.opened[0]!;
		source.onopen?.();
		expect(seen).toEqual([]); // the first open needs no pull: the replication starts with one
		source.onmessage?.();
		source.onerror?.();
		source.onopen?.(); // the browser reconnected by itself
		expect(seen).toEqual(['RESYNC', 'RESYNC', 'RESYNC']);
		sub.unsubscribe();
		expect(source.closed).toBe(true);
	});

	it('reopens a stream the browser gave up on, with a growing delay', () => {
		vi.useFakeTimers();
		const sub = resyncStream('/s', FakeEventSource as unknown as typeof EventSource).subscribe(() => {});
		const first = FakeEventSource.opened[0]!;
		first.readyState = 2;
		first.onerror?.();
		vi.advanceTimersByTime(999);
		expect(FakeEventSource.opened).toHaveLength(1);
		vi.advanceTimersByTime(1);
		expect(FakeEventSource.opened).toHaveLength(2);
		const second = FakeEventSource.opened[1]!;
		second.readyState = 2;
		second.onerror?.();
		vi.advanceTimersByTime(1999);
		expect(FakeEventSource.opened).toHaveLength(2);
		vi.advanceTimersByTime(1);
		expect(FakeEventSource.opened).toHaveLength(3);
		sub.unsubscribe();
	});
});
