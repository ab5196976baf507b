import { handleBulk } from '$lib/server/sync/endpoints';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleBulk(event);
