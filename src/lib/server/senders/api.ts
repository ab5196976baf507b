import { json, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db/index';
import { apiError } from '../http';
import { listAuthorities } from './registry';

/** GET /api/v1/authorities: public authorities a citizen can write a new message to. */
export function handleAuthorities(event: RequestEvent): Response {
	if (!event.locals.citizen) return apiError(401, 'unauthorized', 'Not signed in.');
	return json(
		{ authorities: listAuthorities(getDb()) },
		{ headers: { 'cache-control': 'private, max-age=0' } }
	);
}
