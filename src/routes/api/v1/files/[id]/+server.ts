import { handleFile } from '$lib/server/mail/files';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleFile(event);
