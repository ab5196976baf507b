/**
 * The helper's side on the device: which mailboxes the signed-in citizen may open as a helper (GET
 * /api/v1/access, kept in localStorage so the switch works offline), and which mailbox this tab shows
 * (sessionStorage: a new tab always starts with the citizen's own post).
 */
import type { AccessLevel, HelpedMailbox } from '$lib/schemas/access';
import { citizenKeys, citizenStorageKey } from '$lib/mail/device-data';

const VIEWING_KEY = 'postkasse.viewing';
const ENDED_KEY = 'postkasse.access-ended';

const isLevel = (v: unknown): v is AccessLevel => v === 'read' || v === 'read_write';

/** Checked by hand: this runs before the first screen, where loading zod would cost more than the check. */
function parseList(value: unknown): HelpedMailbox[] | null {
	if (!Array.isArray(value)) return null;
	const list: HelpedMailbox[] = [];
	for (const item of value as Record<string, unknown>[]) {
		if (!item || typeof item.mailboxId !== 'string' || typeof item.ownerName !== 'string') return null;
		if (!isLevel(item.level)) return null;
		const endsAt = typeof item.endsAt === 'number' ? item.endsAt : null;
		list.push({ mailboxId: item.mailboxId, ownerName: item.ownerName, level: item.level, endsAt });
	}
	return list;
}

/** The list as last seen on this device (persistent sign-ins only), without those past their end date. */
export function readHelped(citizenId: string, now = Date.now()): HelpedMailbox[] {
	try {
		const raw = localStorage.getItem(citizenStorageKey(citizenKeys.helped, citizenId));
		const list = raw ? parseList(JSON.parse(raw)) : null;
		return (list ?? []).filter((h) => h.endsAt === null || now < h.endsAt);
	} catch {
		return [];
	}
}

export function saveHelped(citizenId: string, list: HelpedMailbox[]): void {
	try {
		localStorage.setItem(citizenStorageKey(citizenKeys.helped, citizenId), JSON.stringify(list));
	} catch {
		// Without it the switch shows once the server has answered.
	}
}

export interface AccessAnswer {
	mailboxes: HelpedMailbox[];
	requests: number;
}

/** Asks the server; null when it cannot be reached or answers something else. */
export async function fetchAccess(signal?: AbortSignal): Promise<AccessAnswer | null> {
	try {
		const res = await fetch('/api/v1/access', {
			signal,
			credentials: 'same-origin',
			cache: 'no-store',
			headers: { accept: 'application/json' }
		});
		if (!res.ok) return null;
		const body = (await res.json()) as { mailboxes?: unknown; requests?: unknown };
		const mailboxes = parseList(body.mailboxes);
		if (!mailboxes || !Array.isArray(body.requests)) return null;
		return { mailboxes, requests: body.requests.length };
	} catch {
		return null;
	}
}

/** The mailbox this tab shows for this citizen: another person's id, or null for the citizen's own. */
export function viewingMailbox(citizenId: string): string | null {
	try {
		const raw = sessionStorage.getItem(VIEWING_KEY);
		const value = raw ? (JSON.parse(raw) as { citizenId?: unknown; mailboxId?: unknown }) : null;
		return value?.citizenId === citizenId && typeof value.mailboxId === 'string' ? value.mailboxId : null;
	} catch {
		return null;
	}
}

export function setViewingMailbox(citizenId: string, mailboxId: string | null): void {
	if (mailboxId) sessionStorage.setItem(VIEWING_KEY, JSON.stringify({ citizenId, mailboxId }));
	else sessionStorage.removeItem(VIEWING_KEY);
}

/** Remembers, across the reload back to the citizen's own post, whose access just ended. */
export function noteAccessEnded(ownerName: string): void {
	sessionStorage.setItem(ENDED_KEY, ownerName);
}

/** Whose access ended (once: reading it clears it). */
export function takeAccessEnded(): string | null {
	const name = sessionStorage.getItem(ENDED_KEY);
	sessionStorage.removeItem(ENDED_KEY);
	return name;
}
