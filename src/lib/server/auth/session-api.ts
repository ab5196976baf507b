import { json, type RequestEvent } from '@sveltejs/kit';
import { trashRetentionDays } from '../config';
import { apiError } from '../http';

/** GET /api/v1/session: who is signed in, for the mail client (which caches it to open offline). */
export function handleSession(event: RequestEvent): Response {
	const citizen = event.locals.citizen;
	if (!citizen) return apiError(401, 'unauthorized', 'Not signed in.');
	return json(
		{
			citizenId: citizen.citizenId,
			userId: citizen.userId,
			name: citizen.name,
			mailboxId: citizen.mailboxId,
			storage: citizen.storage,
			registered: citizen.registered,
			trashRetentionDays: trashRetentionDays()
		},
		{ headers: { 'cache-control': 'private, no-store' } }
	);
}
