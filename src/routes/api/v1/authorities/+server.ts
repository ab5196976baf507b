import { handleAuthorities } from '$lib/server/senders/api';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) => handleAuthorities(event);
