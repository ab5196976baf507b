import { describe, expect, it } from 'vitest';
import { createSession, liveSessions, sessionStillValid } from '../../src/lib/server/auth/session';
import { sha256Hex } from '../../src/lib/server/crypto';
import { HOUR, MINUTE } from '../../src/lib/server/config';
import { createMailbox, engines, useEngine } from './engines';

const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);

// The streams' shared ping checks every open stream's session at once (sync/stream.ts).
describe.each(engines)('live sessions, many at once, on %s', (name) => {
	const storage = useEngine(name);

	it('tells which of 2,500 sessions still live, past the per-query limit, with the single check agreeing', async () => {
		const { db } = storage;
		const { citizenId } = await createMailbox(db, T0);
		// Sessions started an hour apart: at T0 + 12 h the first has reached its absolute end.
		const started = [T0, T0 + HOUR, T0 + 11 * HOUR + 45 * MINUTE];
		const ids = await db.tx(async (t) => {
			const all: string[] = [];
			for (let i = 0; i < 2_500; i++) {
				const at = started[i % started.length]!;
				all.push(sha256Hex(await createSession(t, citizenId, 'persistent', at)));
			}
			return all;
		});
		// Seen again shortly before the check, except the second kind, idle since its start (> 30 min).
		await db.run('UPDATE sessions SET last_seen_at = $1 WHERE created_at <> $2', [
			T0 + 11 * HOUR + 50 * MINUTE,
			T0 + HOUR
		]);
		const unknown = Array.from({ length: 10 }, (_, i) => sha256Hex(`unknown-${i}`));
		const now = T0 + 12 * HOUR;

		const live = await liveSessions(db, [...ids, ...unknown, ids[2]!], now);

		const expected = ids.filter((_, i) => i % started.length === 2);
		expect(live.size).toBe(expected.length);
		expect([...live].sort()).toEqual([...expected].sort());
		for (const i of [0, 1, 2, 1_999, 2_000, 2_001])
			expect(await sessionStillValid(db, ids[i]!, now)).toBe(live.has(ids[i]!));
		expect(await liveSessions(db, [], now)).toEqual(new Set());
	});
});
