import { handleStream } from '$lib/server/sync/endpoints';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleStream(event);
