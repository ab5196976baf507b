// Server configuration from the environment. Read lazily so tests and fixtures can set process.env first.
// Only relative imports here and below: the test fixtures import these modules outside SvelteKit.

export function intFromEnv(name: string, fallback: number, min = 1): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min) {
		throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
	}
	return value;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function databasePath(): string {
	return process.env.DATABASE_PATH || 'data/postkasse.db';
}

/** Whether the first start with an empty database seeds the demo citizen, senders and letters. */
export function seedDemoData(): boolean {
	return !['0', 'false', 'no'].includes((process.env.SEED_DEMO ?? '').toLowerCase());
}

export function sessionIdleMs(): number {
	return intFromEnv('SESSION_IDLE_MINUTES', 30) * MINUTE;
}

export function sessionMaxMs(): number {
	return intFromEnv('SESSION_MAX_HOURS', 12) * HOUR;
}

/** Largest sender-API request body (JSON with base64 files), in bytes. */
export function messageMaxBytes(): number {
	return intFromEnv('MESSAGE_MAX_BYTES', 10 * 1024 * 1024);
}

/** Failed sign-in attempts one IP address may make per 15 minutes, across all accounts. */
export function loginIpMaxFailures(): number {
	return intFromEnv('LOGIN_IP_MAX_FAILURES', 50);
}

/** Days a letter stays in the trash before it is purged; the mail client learns it from the session answer. */
export function trashRetentionDays(): number {
	return intFromEnv('TRASH_RETENTION_DAYS', 30);
}

export function trashRetentionMs(): number {
	return trashRetentionDays() * DAY;
}

/**
 * Days a deleted letter's, folder's or outgoing message's tombstone is kept so devices learn of the deletion;
 * a device away longer starts over with a bulk load (pull answers 410 checkpoint_expired).
 */
export function tombstoneRetentionDays(): number {
	return intFromEnv('TOMBSTONE_RETENTION_DAYS', 90);
}

export function tombstoneRetentionMs(): number {
	return tombstoneRetentionDays() * DAY;
}
