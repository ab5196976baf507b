import { handleReplies } from '$lib/server/mail/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleReplies(event);
