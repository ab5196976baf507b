import { json, type RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../db/index';
import { apiError } from '../http';
import { listAuthorities } from './registry';

/** GET /api/v1/authorities: public authorities a citizen can write a new message to. */
export async function handleAuthorities(event: RequestEvent): Promise<Response> {
	if (!event.locals.citizen) return apiError(401, 'unauthorized', 'Not signed in.');
	return json(
		{ authorities: await listAuthorities(await getDatabase()) },
		{ headers: { 'cache-control': 'private, max-age=0' } }
	);
}
