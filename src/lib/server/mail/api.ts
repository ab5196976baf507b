import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '../db/index';
import { messageMaxBytes } from '../config';
import { apiError, invalid, readJson } from '../http';
import { deliverMessageInput } from '../../schemas/letter';
import { senderByAuthorization, type Sender } from '../senders/registry';
import { deliverMessage, prepareDocuments } from './deliver';
import { listReplies } from './replies';
import { forwardedFile } from './forward';
import { fileResponse } from './files';
import { afterDelivery } from './release';

function authenticate(event: RequestEvent): Sender | Response {
	const sender = senderByAuthorization(getDb(), event.request.headers.get('authorization'));
	return (
		sender ??
		apiError(401, 'unauthorized', 'Send your sender API key as "Authorization: Bearer <key>".', undefined, {
			'www-authenticate': 'Bearer realm="postkasse"'
		})
	);
}

/** POST /api/v1/messages: a sender delivers a MeMo-shaped letter to a citizen. */
export async function handleDeliver(event: RequestEvent): Promise<Response> {
	const sender = authenticate(event);
	if (sender instanceof Response) return sender;
	if (!/^application\/json\b/i.test(event.request.headers.get('content-type') ?? '')) {
		return apiError(415, 'unsupported_media_type', 'Send the message as application/json.');
	}
	const body = await readJson(event.request, messageMaxBytes());
	if (!body.ok) return body.response;
	const parsed = deliverMessageInput.safeParse(body.value);
	if (!parsed.success) return invalid(parsed.error);
	const prepared = await prepareDocuments(parsed.data);
	if (!prepared.ok) {
		return prepared.status === 503
			? apiError(503, prepared.error, prepared.message, undefined, { 'retry-after': '1' })
			: apiError(prepared.status, prepared.error, prepared.message, prepared.field);
	}

	const answer = deliverMessage(getDb(), sender, parsed.data, prepared.documents, Date.now());
	afterDelivery(answer);
	return json(answer.body, { status: answer.status });
}

const repliesQuery = z.object({
	after: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(500).default(100)
});

/** GET /api/v1/replies?after=<cursor>&limit=: what citizens wrote to this sender, oldest first. */
export function handleReplies(event: RequestEvent): Response {
	const sender = authenticate(event);
	if (sender instanceof Response) return sender;
	const query = repliesQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	return json(listReplies(getDb(), sender.id, query.data.after, query.data.limit), {
		headers: { 'cache-control': 'no-store' }
	});
}

/**
 * GET /api/v1/replies/<id>/files/<fileId>: a file of the letter a citizen forwarded to this sender (reply <id>).
 * 404 for anything else, so no other letter's files can be reached or guessed.
 */
export function handleForwardedFile(event: RequestEvent): Response {
	const sender = authenticate(event);
	if (sender instanceof Response) return sender;
	const { id = '', fileId = '' } = event.params as { id?: string; fileId?: string };
	const file = id.length <= 64 && fileId.length <= 64 ? forwardedFile(getDb(), sender.id, id, fileId) : null;
	if (!file) return apiError(404, 'not_found', 'There is no such file.');
	return fileResponse(file, true, event.request.headers.get('if-none-match'));
}
