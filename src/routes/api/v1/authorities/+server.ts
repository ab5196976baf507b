import { handleAuthorities } from '$lib/server/senders/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleAuthorities(event);
