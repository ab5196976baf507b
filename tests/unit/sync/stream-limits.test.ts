import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
	MAX_STREAMS_PER_ADDRESS,
	MAX_STREAMS_PER_SESSION,
	openStream,
	pingOpenStreams,
	streamAllowedFrom
} from '../../../src/lib/server/sync/stream';
import { createSession, deleteSession, type SessionCitizen } from '../../../src/lib/server/auth/session';
import { closeDatabase, getDatabase } from '../../../src/lib/server/db/index';
import { sha256Hex } from '../../../src/lib/server/crypto';
import { createCitizen } from '../../../src/lib/server/auth/citizens';
import type { Reached } from '../../../src/lib/server/access/mailbox';

function citizen(sessionId: string): Reached {
	const mailboxId = `mailbox-${sessionId}`;
	return {
		citizen: { sessionId, mailboxId } as SessionCitizen,
		right: { mailboxId, role: 'owner', grant: null }
	};
}

/** Opens a stream and tells what it received and when the server has closed it. */
function open(sessionId: string, address: string) {
	const abort = new AbortController();
	const reader = openStream(citizen(sessionId), 'letters', abort.signal, address).body!.getReader();
	const decoder = new TextDecoder();
	let received = '';
	const closed = (async () => {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			received += decoder.decode(value, { stream: true });
		}
	})();
	return { abort: () => abort.abort(), closed, received: () => received };
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

	it('one ping checks every session at once: live streams get a ping, a signed-out one ends', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'postkasse-ping-'));
		vi.stubEnv('DATABASE_URL', '');
		vi.stubEnv('DATABASE_PATH', join(dir, 'ping.db'));
		try {
			const db = await getDatabase();
			const { citizenId } = await createCitizen(db, {
				userId: 'ping',
				password: 'pw-long-enough',
				name: 'Ping',
				cpr: '0101900001',
				registered: true
			});
			const tokens = await db.tx(async (t) => [
				await createSession(t, citizenId, 'persistent', Date.now()),
				await createSession(t, citizenId, 'persistent', Date.now())
			]);
			const [stays, leaves] = tokens.map((token) => open(sha256Hex(token), '203.0.113.4'));
			await deleteSession(db, tokens[1]!);
			await pingOpenStreams();
			await leaves!.closed;
			await vi.waitFor(() => expect(stays!.received()).toContain(': ping'));
			expect(leaves!.received()).not.toContain(': ping');
			stays!.abort();
			await stays!.closed;
		} finally {
			await closeDatabase();
			vi.unstubAllEnvs();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
