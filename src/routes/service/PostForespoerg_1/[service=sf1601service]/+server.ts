import { handlePostForespoerg } from '$lib/server/sf1601/lookup';
import type { RequestHandler } from './$types';

export const prerender = false;

/** /service/PostForespoerg_1/digitalpost and …/nemsms */
export const GET: RequestHandler = (event) => handlePostForespoerg(event);
