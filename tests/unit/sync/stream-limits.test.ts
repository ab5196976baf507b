import { describe, expect, it } from 'vitest';
import {
	MAX_STREAMS_PER_ADDRESS,
	MAX_STREAMS_PER_SESSION,
	openStream,
	streamAllowedFrom
} from '../../../src/lib/server/sync/stream';
import type { SessionCitizen } from '../../../src/lib/server/auth/session';
import type { Reached } from '../../../src/lib/server/access/mailbox';

function citizen(sessionId: string): Reached {
	const mailboxId = `mailbox-${sessionId}`;
	return {
		citizen: { sessionId, mailboxId } as SessionCitizen,
		right: { mailboxId, role: 'owner', grant: null }
	};
}

/** Opens a stream and tells when the server has closed it. */
function open(sessionId: string, address: string) {
	const abort = new AbortController();
	const reader = openStream(citizen(sessionId), 'letters', abort.signal, address).body!.getReader();
	const closed = (async () => {
		while (!(await reader.read()).done);
	})();
	return { abort: () => abort.abort(), closed };
}

describe('open sync streams', () => {
	it(`keeps ${MAX_STREAMS_PER_SESSION} per session, closing the oldest for a new one`, async () => {
		const streams = Array.from({ length: MAX_STREAMS_PER_SESSION + 2 }, () => open('s1', '203.0.113.1'));
		const closed = streams.map(() => false);
		streams.forEach((s, i) => void s.closed.then(() => (closed[i] = true)));
		await Promise.all([streams[0]!.closed, streams[1]!.closed]);
		await new Promise((done) => setImmediate(done));
		expect(closed).toEqual([true, true, ...Array<boolean>(MAX_STREAMS_PER_SESSION).fill(false)]);
		for (const s of streams) s.abort();
		await Promise.all(streams.map((s) => s.closed));
	});

	it(`allows ${MAX_STREAMS_PER_ADDRESS} from one address, across sessions, and again when one closes`, async () => {
		const address = '203.0.113.2';
		const streams = Array.from({ length: MAX_STREAMS_PER_ADDRESS }, (_, i) => open(`a${i}`, address));
		expect(streamAllowedFrom(address)).toBe(false);
		expect(streamAllowedFrom('203.0.113.3')).toBe(true);
		streams[0]!.abort();
		await streams[0]!.closed;
		expect(streamAllowedFrom(address)).toBe(true);
		for (const s of streams) s.abort();
		await Promise.all(streams.map((s) => s.closed));
	});
});
