import { handlePull } from '$lib/server/sync/endpoints';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handlePull(event);
