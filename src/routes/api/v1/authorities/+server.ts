import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/http';
import { getDb } from '$lib/server/db/index';
import { listAuthorities } from '$lib/server/senders/registry';
import type { RequestHandler } from './$types';

export const prerender = false;

/** Public authorities a citizen can write a new message to. */
export const GET: RequestHandler = ({ locals }) => {
	if (!locals.citizen) return apiError(401, 'unauthorized', 'Not signed in.');
	return json(
		{ authorities: listAuthorities(getDb()) },
		{ headers: { 'cache-control': 'private, max-age=0' } }
	);
};
