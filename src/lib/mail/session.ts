/**
 * The signed-in citizen as the server reports it (GET /api/v1/session), cached in localStorage so the
 * mailbox opens offline. A shared-computer sign-in (`storage: 'memory'`) is never cached.
 */
export interface MailSession {
	citizenId: string;
	userId: string;
	name: string;
	mailboxId: string;
	storage: 'persistent' | 'memory';
	/**
	 * How long the server keeps a letter in the trash before it deletes it for good; null in a session a
	 * previous version cached (then the purge date is not shown until the server has been asked again).
	 */
	trashRetentionDays: number | null;
}

const id = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 64;

/**
 * Checks the session answer's shape by hand: this runs before the first screen, where loading the zod
 * schemas would cost more than the check itself.
 */
export function parseSession(value: unknown): MailSession | null {
	if (!value || typeof value !== 'object') return null;
	const v = value as Record<string, unknown>;
	if (!id(v.citizenId) || !id(v.userId) || !id(v.mailboxId)) return null;
	if (typeof v.name !== 'string' || (v.storage !== 'persistent' && v.storage !== 'memory')) return null;
	const days = v.trashRetentionDays;
	const knownDays = typeof days === 'number' && Number.isInteger(days) && days >= 1 ? days : null;
	if (days !== undefined && knownDays === null) return null;
	return {
		citizenId: v.citizenId as string,
		userId: v.userId as string,
		name: v.name,
		mailboxId: v.mailboxId as string,
		storage: v.storage,
		trashRetentionDays: knownDays
	};
}

export const SESSION_KEY = 'postkasse.session';

export function readCachedSession(storage: Storage = localStorage): MailSession | null {
	try {
		const raw = storage.getItem(SESSION_KEY);
		if (!raw) return null;
		const session = parseSession(JSON.parse(raw));
		return session?.storage === 'persistent' ? session : null;
	} catch {
		return null;
	}
}

export function cacheSession(session: MailSession, storage: Storage = localStorage): void {
	if (session.storage !== 'persistent') return;
	try {
		storage.setItem(SESSION_KEY, JSON.stringify(session));
	} catch {
		// Without the cache the mailbox still works online; it just cannot open offline.
	}
}

export type SessionCheck =
	{ kind: 'signed-in'; session: MailSession } | { kind: 'signed-out' } | { kind: 'unreachable' };

/** Asks the server who is signed in. Network trouble is "unreachable", never "signed out". */
export async function checkSession(fetchFn: typeof fetch = fetch, timeoutMs = 8000): Promise<SessionCheck> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		const res = await fetchFn('/api/v1/session', {
			credentials: 'same-origin',
			cache: 'no-store',
			headers: { accept: 'application/json' },
			signal: controller.signal
		});
		if (res.status === 401) return { kind: 'signed-out' };
		if (!res.ok) return { kind: 'unreachable' };
		const session = parseSession(await res.json());
		return session ? { kind: 'signed-in', session } : { kind: 'unreachable' };
	} catch {
		return { kind: 'unreachable' };
	} finally {
		clearTimeout(timer);
	}
}
