import { json } from '@sveltejs/kit';
import { currentPhase, databaseAnswers } from '$lib/server/lifecycle';
import type { RequestHandler } from './$types';

/**
 * Readiness: whether a balancer should send this process requests. 503 while it starts, while it drains
 * for a shutdown, or when its database does not answer.
 */
export const GET: RequestHandler = async () => {
	const phase = currentPhase();
	const database = (await databaseAnswers()) ? 'ok' : 'unavailable';
	const ready = phase === 'ready' && database === 'ok';
	return json(
		{ status: ready ? 'ready' : phase === 'ready' ? 'unavailable' : phase, database },
		{ status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
