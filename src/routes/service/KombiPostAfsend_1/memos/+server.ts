import { handleKombiPostAfsend } from '$lib/server/sf1601/kombi';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) => handleKombiPostAfsend(event);
