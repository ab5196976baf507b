import { handleForwardedFile } from '$lib/server/mail/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleForwardedFile(event);
