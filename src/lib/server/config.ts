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

/** DATABASE_URL, when set: only PostgreSQL URLs are understood. */
export function databaseUrl(): string | undefined {
	const raw = process.env.DATABASE_URL?.trim();
	if (!raw) return undefined;
	if (!/^postgres(ql)?:\/\//i.test(raw)) {
		throw new Error('DATABASE_URL must start with postgres:// (or be unset to use SQLite at DATABASE_PATH)');
	}
	return raw;
}

/** DATABASE_POOL_MAX: connections per process to PostgreSQL (10 when unset, see db/postgres-engine.ts). */
export function databasePoolMax(): number | undefined {
	const raw = process.env.DATABASE_POOL_MAX;
	if (raw === undefined || raw.trim() === '') return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) {
		throw new Error(`DATABASE_POOL_MAX must be a whole number of at least 1, got "${raw}"`);
	}
	return value;
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
