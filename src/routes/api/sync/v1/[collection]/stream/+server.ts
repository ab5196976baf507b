import { handleStream } from '$lib/server/sync/endpoints';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) => handleStream(event);
