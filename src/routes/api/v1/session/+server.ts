import { handleSession } from '$lib/server/auth/session-api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleSession(event);
