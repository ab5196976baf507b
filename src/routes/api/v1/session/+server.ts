import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

/** Who is signed in, for the mail client (which caches it to open offline). */
export const GET: RequestHandler = ({ locals }) => {
	const citizen = locals.citizen;
	if (!citizen) return apiError(401, 'unauthorized', 'Not signed in.');
	return json(
		{
			citizenId: citizen.citizenId,
			userId: citizen.userId,
			name: citizen.name,
			mailboxId: citizen.mailboxId,
			storage: citizen.storage,
			registered: citizen.registered
		},
		{ headers: { 'cache-control': 'private, no-store' } }
	);
};
