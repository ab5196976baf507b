// Keys the notice service makes on first start and keeps in the database (table meta), so every process
// and every restart uses the same: the VAPID key pair for web push and the secret that signs unsubscribe
// links and hashes confirmation codes.
import { createHmac, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import type { Queryable } from '../db/engine';

export interface VapidKeys {
	publicKey: string;
	privateKey: string;
}

/**
 * Reads a meta value, or makes and stores it once: the INSERT … ON CONFLICT DO NOTHING is atomic, so two
 * processes starting at once end with the first one's value. Works on the database or inside a transaction.
 */
async function metaValue(q: Queryable, key: string, make: () => string): Promise<string> {
	const read = () => q.value<string>('SELECT value FROM meta WHERE key = $1', [key]);
	const existing = await read();
	if (existing !== undefined) return existing;
	await q.run('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, make()]);
	return (await read())!;
}

// Per process, by key name (the values never change once stored).
const cache: { vapid?: VapidKeys; secret?: Buffer } = {};

export async function vapidKeys(q: Queryable): Promise<VapidKeys> {
	cache.vapid ??= JSON.parse(
		await metaValue(q, 'notify.vapid', () => JSON.stringify(webpush.generateVAPIDKeys()))
	) as VapidKeys;
	return cache.vapid;
}

async function secret(q: Queryable): Promise<Buffer> {
	cache.secret ??= Buffer.from(
		await metaValue(q, 'notify.secret', () => randomBytes(32).toString('base64url')),
		'base64url'
	);
	return cache.secret;
}

/** A keyed hash (HMAC-SHA-256, base64url) for `purpose` and `value`: only this server can make or check one. */
export async function keyedHash(q: Queryable, purpose: string, value: string): Promise<string> {
	return createHmac('sha256', await secret(q))
		.update(`${purpose}\0${value}`)
		.digest('base64url');
}
