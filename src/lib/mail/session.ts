/**
 * The signed-in citizen as the server reports it (GET /api/v1/session), cached in localStorage so the
 * mailbox opens offline. A shared-computer sign-in (`storage: 'memory'`) is never cached.
 */
import { z } from 'zod';

export const mailSession = z.object({
	citizenId: z.string().min(1).max(64),
	userId: z.string().min(1).max(64),
	name: z.string().max(200),
	mailboxId: z.string().min(1).max(64),
	storage: z.enum(['persistent', 'memory'])
});
export type MailSession = z.infer<typeof mailSession>;

export const SESSION_KEY = 'postkasse.session';

export function readCachedSession(storage: Storage = localStorage): MailSession | null {
	try {
		const raw = storage.getItem(SESSION_KEY);
		if (!raw) return null;
		const parsed = mailSession.safeParse(JSON.parse(raw));
		return parsed.success && parsed.data.storage === 'persistent' ? parsed.data : null;
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

export function forgetCachedSession(storage: Storage = localStorage): void {
	storage.removeItem(SESSION_KEY);
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
		const parsed = mailSession.safeParse(await res.json());
		return parsed.success ? { kind: 'signed-in', session: parsed.data } : { kind: 'unreachable' };
	} catch {
		return { kind: 'unreachable' };
	} finally {
		clearTimeout(timer);
	}
}
