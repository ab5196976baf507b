/**
 * Public authorities a citizen can write to (GET /api/v1/authorities), cached on the device so a new message
 * can be written offline. A shared-computer sign-in passes no storage and keeps nothing.
 */
export interface Authority {
	id: string;
	name: string;
}

function parseAuthorities(value: unknown): Authority[] | null {
	if (!Array.isArray(value)) return null;
	const list: Authority[] = [];
	for (const item of value) {
		const a = item as Partial<Authority> | null;
		if (!a || typeof a.id !== 'string' || !a.id || typeof a.name !== 'string' || !a.name) return null;
		list.push({ id: a.id, name: a.name });
	}
	return list;
}

const KEY = 'postkasse.authorities';

export function cachedAuthorities(storage: Storage | null): Authority[] | null {
	if (!storage) return null;
	try {
		return parseAuthorities(JSON.parse(storage.getItem(KEY) ?? 'null'));
	} catch {
		return null;
	}
}

/** The fresh list when the server answers, else the cached one, else null. */
export async function loadAuthorities(
	storage: Storage | null,
	fetchFn: typeof fetch = fetch
): Promise<Authority[] | null> {
	try {
		const res = await fetchFn('/api/v1/authorities', {
			credentials: 'same-origin',
			headers: { accept: 'application/json' }
		});
		if (res.ok) {
			const parsed = parseAuthorities(((await res.json()) as { authorities?: unknown } | null)?.authorities);
			if (parsed) {
				const sorted = [...parsed].sort((a, b) => a.name.localeCompare(b.name));
				storage?.setItem(KEY, JSON.stringify(sorted));
				return sorted;
			}
		}
	} catch {
		// offline: fall back to the cached list
	}
	return cachedAuthorities(storage);
}
