import { handleOneClickUnsubscribe, handleUnsubscribeLink } from '$lib/server/notify/api';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) => handleOneClickUnsubscribe(event);
export const GET: RequestHandler = (event) => handleUnsubscribeLink(event);
