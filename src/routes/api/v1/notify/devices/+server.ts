import { handleAddDevice } from '$lib/server/notify/api';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) => handleAddDevice(event);
