// Web-push subscriptions, one per device or browser, named by the citizen so a lost phone can be removed.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection';
import type { PushSubscriptionInput } from '../../schemas/notify';

export const MAX_DEVICES = 20;

export interface Device {
	id: string;
	name: string;
	endpoint: string;
	createdAt: number;
}

export function listDevices(db: Db, citizenId: string): Device[] {
	return db
		.prepare(
			`SELECT id, name, endpoint, created_at AS createdAt FROM push_subscriptions
			 WHERE citizen_id = ? ORDER BY created_at, id`
		)
		.all(citizenId) as Device[];
}

/**
 * Stores this browser's subscription for the citizen (call inside a write transaction). A browser has one
 * subscription: when another citizen signed in on it before, it moves to this one, so notices about one
 * person's post never show on a browser someone else now uses.
 */
export function addDevice(
	db: Db,
	citizenId: string,
	input: PushSubscriptionInput,
	now: number
): { ok: true; id: string } | { ok: false; reason: 'too_many' } {
	const existing = db
		.prepare('SELECT id, citizen_id FROM push_subscriptions WHERE endpoint = ?')
		.get(input.endpoint) as { id: string; citizen_id: string } | undefined;
	if (existing?.citizen_id === citizenId) {
		db.prepare('UPDATE push_subscriptions SET p256dh = ?, auth = ?, name = ? WHERE id = ?').run(
			input.keys.p256dh,
			input.keys.auth,
			input.name,
			existing.id
		);
		return { ok: true, id: existing.id };
	}
	const count = db
		.prepare('SELECT count(*) FROM push_subscriptions WHERE citizen_id = ?')
		.pluck()
		.get(citizenId) as number;
	if (count >= MAX_DEVICES) return { ok: false, reason: 'too_many' };
	if (existing) db.prepare('DELETE FROM push_subscriptions WHERE id = ?').run(existing.id);
	const id = randomUUID();
	db.prepare(
		`INSERT INTO push_subscriptions (id, citizen_id, endpoint, p256dh, auth, name, created_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	).run(id, citizenId, input.endpoint, input.keys.p256dh, input.keys.auth, input.name, now);
	return { ok: true, id };
}

/** Removes one of the citizen's devices; false when it is not theirs (or already gone). */
export function removeDevice(db: Db, citizenId: string, id: string): boolean {
	return (
		db.prepare('DELETE FROM push_subscriptions WHERE id = ? AND citizen_id = ?').run(id, citizenId)
			.changes === 1
	);
}

/** The push service said the subscription no longer exists (404/410). */
export function forgetDevice(db: Db, id: string): void {
	db.prepare('DELETE FROM push_subscriptions WHERE id = ?').run(id);
}
