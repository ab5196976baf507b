// Keys the notice service makes on first start and keeps in the database (table meta), so every process
// and every restart uses the same: the VAPID key pair for web push and the secret that signs unsubscribe
// links and hashes confirmation codes.
import { createHmac, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { write, type Db } from '../db/connection';

export interface VapidKeys {
	publicKey: string;
	privateKey: string;
}

/** Reads a meta value, or makes and stores it once (a second process that races gets the first one's). */
function metaValue(db: Db, key: string, make: () => string): string {
	const read = () =>
		db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
	const existing = read();
	if (existing !== undefined) return existing;
	return write(db, () => {
		db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, make());
		return read()!;
	});
}

const cache = new WeakMap<Db, { vapid?: VapidKeys; secret?: Buffer }>();

function cached(db: Db) {
	let entry = cache.get(db);
	if (!entry) cache.set(db, (entry = {}));
	return entry;
}

export function vapidKeys(db: Db): VapidKeys {
	const entry = cached(db);
	entry.vapid ??= JSON.parse(
		metaValue(db, 'notify.vapid', () => JSON.stringify(webpush.generateVAPIDKeys()))
	) as VapidKeys;
	return entry.vapid;
}

function secret(db: Db): Buffer {
	const entry = cached(db);
	entry.secret ??= Buffer.from(
		metaValue(db, 'notify.secret', () => randomBytes(32).toString('base64url')),
		'base64url'
	);
	return entry.secret;
}

/** A keyed hash (HMAC-SHA-256, base64url) for `purpose` and `value`: only this server can make or check one. */
export function keyedHash(db: Db, purpose: string, value: string): string {
	return createHmac('sha256', secret(db)).update(`${purpose}\0${value}`).digest('base64url');
}
