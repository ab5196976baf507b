import { handlePush } from '$lib/server/sync/endpoints';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => handlePush(event);
