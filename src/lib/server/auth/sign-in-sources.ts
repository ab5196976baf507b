import { isIPv4, isIPv6 } from 'node:net';
import type { Queryable, Tx } from '../db/engine';
import { MINUTE, loginIpMaxFailures } from '../config';
import { sha256Hex } from '../crypto';

/** Failures from one source are counted per window of this length. */
export const SOURCE_WINDOW_MS = 15 * MINUTE;

function ipv6Groups(address: string): string[] {
	const [head = '', tail] = address.split('::');
	const part = (text: string) =>
		text
			.split(':')
			.filter((g) => g !== '')
			// An embedded IPv4 tail (::ffff:1.2.3.4) takes the place of two groups.
			.flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
	const first = part(head);
	if (tail === undefined) return first;
	const last = part(tail);
	return [...first, ...Array<string>(Math.max(0, 8 - first.length - last.length)).fill('0'), ...last];
}

/**
 * Where sign-in attempts come from: an IPv4 address, or an IPv6 /64 network (one household or device gets a
 * whole /64, so counting single IPv6 addresses would count nothing). Stored only as a hash.
 */
export function sourceKey(ip: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
	let source = ip;
	if (mapped && isIPv4(mapped)) source = mapped;
	else if (isIPv6(ip)) {
		source = `${ipv6Groups(ip.split('%')[0]!)
			.slice(0, 4)
			.map((g) => parseInt(g, 16).toString(16))
			.join(':')}::/64`;
	}
	return sha256Hex(`sign-in-source:${source}`);
}

/** Milliseconds until this source may try to sign in again, or 0 when it may try now. */
export async function sourceBlockedFor(
	q: Queryable,
	ip: string,
	now: number,
	maxFailures = loginIpMaxFailures()
): Promise<number> {
	const row = await q.one<{ window_start: number; failures: number }>(
		'SELECT window_start, failures FROM sign_in_sources WHERE source = $1',
		[sourceKey(ip)]
	);
	if (!row || row.window_start + SOURCE_WINDOW_MS <= now || row.failures < maxFailures) return 0;
	return row.window_start + SOURCE_WINDOW_MS - now;
}

/** Counts a failed sign-in (wrong password, unknown user ID or wrong code) against its source. */
/** One upsert: atomic on both engines, so the count holds across app processes. */
export async function recordSourceFailure(t: Tx, ip: string, now: number): Promise<void> {
	await t.run(
		`INSERT INTO sign_in_sources (source, window_start, failures) VALUES ($1, $2, 1)
		 ON CONFLICT (source) DO UPDATE SET
		   failures = CASE WHEN sign_in_sources.window_start + $3 <= excluded.window_start THEN 1
		                   ELSE sign_in_sources.failures + 1 END,
		   window_start = CASE WHEN sign_in_sources.window_start + $3 <= excluded.window_start
		                       THEN excluded.window_start ELSE sign_in_sources.window_start END`,
		[sourceKey(ip), now, SOURCE_WINDOW_MS]
	);
}

/** Forgets windows that have ended (housekeeping). */
export async function deleteExpiredSources(q: Queryable, now: number): Promise<void> {
	await q.run('DELETE FROM sign_in_sources WHERE window_start <= $1', [now - SOURCE_WINDOW_MS]);
}
