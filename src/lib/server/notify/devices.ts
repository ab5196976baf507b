// Web-push subscriptions, one per device or browser, named by the citizen so a lost phone can be removed.
import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../db/engine';
import type { PushSubscriptionInput } from '../../schemas/notify';

export const MAX_DEVICES = 20;

export interface Device {
	id: string;
	name: string;
	endpoint: string;
	createdAt: number;
}

export function listDevices(q: Queryable, citizenId: string): Promise<Device[]> {
	return q.all<Device>(
		`SELECT id, name, endpoint, created_at AS "createdAt" FROM push_subscriptions
		 WHERE citizen_id = $1 ORDER BY created_at, id`,
		[citizenId]
	);
}

/**
 * Stores this browser's subscription for the citizen. A browser has one subscription: when another citizen
 * signed in on it before, it moves to this one, so notices about one person's post never show on a browser
 * someone else now uses. The endpoint row is locked first (two processes storing one browser at once).
 */
export async function addDevice(
	t: Tx,
	citizenId: string,
	input: PushSubscriptionInput,
	now: number
): Promise<{ ok: true; id: string } | { ok: false; reason: 'too_many' }> {
	const existing = await t.one<{ id: string; citizen_id: string }>(
		'SELECT id, citizen_id FROM push_subscriptions WHERE endpoint = $1 FOR UPDATE',
		[input.endpoint]
	);
	if (existing?.citizen_id === citizenId) {
		await t.run('UPDATE push_subscriptions SET p256dh = $1, auth = $2, name = $3 WHERE id = $4', [
			input.keys.p256dh,
			input.keys.auth,
			input.name,
			existing.id
		]);
		return { ok: true, id: existing.id };
	}
	const count =
		(await t.value<number>('SELECT count(*) FROM push_subscriptions WHERE citizen_id = $1', [citizenId])) ??
		0;
	if (count >= MAX_DEVICES) return { ok: false, reason: 'too_many' };
	if (existing) await t.run('DELETE FROM push_subscriptions WHERE id = $1', [existing.id]);
	const id = randomUUID();
	// The endpoint's unique constraint decides between two first subscriptions of one browser at once.
	const inserted = await t.run(
		`INSERT INTO push_subscriptions (id, citizen_id, endpoint, p256dh, auth, name, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (endpoint) DO NOTHING`,
		[id, citizenId, input.endpoint, input.keys.p256dh, input.keys.auth, input.name, now]
	);
	if (inserted === 0) {
		const other = await t.one<{ id: string; citizen_id: string }>(
			'SELECT id, citizen_id FROM push_subscriptions WHERE endpoint = $1',
			[input.endpoint]
		);
		if (other?.citizen_id === citizenId) return { ok: true, id: other.id };
		throw new Error('push subscription taken by another citizen at the same moment');
	}
	return { ok: true, id };
}

/** Removes one of the citizen's devices; false when it is not theirs (or already gone). */
export async function removeDevice(t: Tx, citizenId: string, id: string): Promise<boolean> {
	return (
		(await t.run('DELETE FROM push_subscriptions WHERE id = $1 AND citizen_id = $2', [id, citizenId])) === 1
	);
}

/** The push service said the subscription no longer exists (404/410). */
export async function forgetDevice(q: Queryable, id: string): Promise<void> {
	await q.run('DELETE FROM push_subscriptions WHERE id = $1', [id]);
}
