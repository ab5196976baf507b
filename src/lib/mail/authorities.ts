/**
 * Public authorities a citizen can write to (GET /api/v1/authorities), cached on the device so a new message
 * can be written offline. A shared-computer sign-in passes no storage and keeps nothing.
 */
import { z } from 'zod';

export const authority = z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) });
export type Authority = z.infer<typeof authority>;
const authorityList = z.object({ authorities: z.array(authority) });

const KEY = 'postkasse.authorities';

export function cachedAuthorities(storage: Storage | null): Authority[] | null {
	if (!storage) return null;
	try {
		const parsed = z.array(authority).safeParse(JSON.parse(storage.getItem(KEY) ?? 'null'));
		return parsed.success ? parsed.data : null;
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
			const parsed = authorityList.safeParse(await res.json());
			if (parsed.success) {
				const sorted = [...parsed.data.authorities].sort((a, b) => a.name.localeCompare(b.name));
				storage?.setItem(KEY, JSON.stringify(sorted));
				return sorted;
			}
		}
	} catch {
		// offline: fall back to the cached list
	}
	return cachedAuthorities(storage);
}
