import { describe, expect, it } from 'vitest';
import {
	SESSION_KEY,
	cacheSession,
	checkSession,
	parseSession,
	readCachedSession,
	type MailSession
} from '../../../src/lib/mail/session';
import { MemoryStorage } from './memory-storage';

const session: MailSession = {
	citizenId: 'c-1',
	userId: 'u-1',
	name: 'Freja Nielsen',
	mailboxId: 'm-1',
	storage: 'persistent',
	trashRetentionDays: 30
};

const answer = (status: number, body: unknown) => async () =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('session', () => {
	it('accepts the server’s answer and ignores extra fields', () => {
		expect(parseSession({ ...session, registered: true })).toEqual(session);
		expect(parseSession({ ...session, storage: 'disk' })).toBeNull();
		expect(parseSession({ ...session, citizenId: '' })).toBeNull();
		expect(parseSession(null)).toBeNull();
	});

	it('takes the trash retention from the server, and reads a session cached before it was sent', () => {
		expect(parseSession({ ...session, trashRetentionDays: 7 })?.trashRetentionDays).toBe(7);
		expect(parseSession({ ...session, trashRetentionDays: 0 })).toBeNull();
		expect(parseSession({ ...session, trashRetentionDays: '30' })).toBeNull();
		const { trashRetentionDays: _days, ...older } = session;
		expect(parseSession(older)).toEqual({ ...session, trashRetentionDays: null });
	});

	it('caches a persistent session only', () => {
		const storage = new MemoryStorage();
		cacheSession({ ...session, storage: 'memory' }, storage);
		expect(storage.getItem(SESSION_KEY)).toBeNull();
		cacheSession(session, storage);
		expect(readCachedSession(storage)).toEqual(session);
		storage.setItem(SESSION_KEY, '{broken');
		expect(readCachedSession(storage)).toBeNull();
	});

	it('tells signed in, signed out and unreachable apart', async () => {
		expect(await checkSession(answer(200, session))).toEqual({ kind: 'signed-in', session });
		expect(await checkSession(answer(401, { error: 'unauthorized', message: 'x' }))).toEqual({
			kind: 'signed-out'
		});
		expect(await checkSession(answer(503, {}))).toEqual({ kind: 'unreachable' });
		const offline = async () => {
			throw new TypeError('Failed to fetch');
		};
		expect(await checkSession(offline)).toEqual({ kind: 'unreachable' });
	});
});
