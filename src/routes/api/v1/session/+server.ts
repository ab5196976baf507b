import { handleSession } from '$lib/server/auth/session-api';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = (event) => handleSession(event);
