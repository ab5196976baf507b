import { handleDeliver } from '$lib/server/mail/api';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => handleDeliver(event);
