import { apiError } from '$lib/server/http';
import { getDb } from '$lib/server/db/index';
import { fileInMailbox, fileResponse } from '$lib/server/mail/files';
import type { RequestHandler } from './$types';

export const prerender = false;

/** A letter's file, for the mailbox's owner only; 404 for everyone else (existence is not revealed). */
export const GET: RequestHandler = ({ locals, params, url, request }) => {
	if (!locals.citizen) return apiError(401, 'unauthorized', 'Sign in to open your letters.');
	const file = params.id.length <= 64 ? fileInMailbox(getDb(), locals.citizen.mailboxId, params.id) : null;
	if (!file) return apiError(404, 'not_found', 'There is no such file.');
	return fileResponse(file, url.searchParams.get('download') === '1', request.headers.get('if-none-match'));
};
