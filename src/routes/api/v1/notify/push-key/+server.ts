import { handlePushKey } from '$lib/server/notify/api';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = () => handlePushKey();
