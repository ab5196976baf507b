import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '../db/index';
import { messageMaxBytes } from '../config';
import { apiError, invalid, readJson } from '../http';
import { deliverMessageInput } from '../../schemas/letter';
import { senderByAuthorization, type Sender } from '../senders/registry';
import { deliverMessage, deliveryHash, prepareDocuments } from './deliver';
import { listReplies } from './replies';
import { forwardedFile } from './forward';
import { fileResponse } from './files';
import { afterDelivery } from './release';

async function authenticate(event: RequestEvent): Promise<Sender | Response> {
	const sender = await senderByAuthorization(await getDatabase(), event.request.headers.get('authorization'));
	return (
		sender ??
		apiError(401, 'unauthorized', 'Send your sender API key as "Authorization: Bearer <key>".', undefined, {
			'www-authenticate': 'Bearer realm="postkasse"'
		})
	);
}

/** POST /api/v1/messages: a sender delivers a MeMo-shaped letter to a citizen. */
export async function handleDeliver(event: RequestEvent): Promise<Response> {
	const sender = await authenticate(event);
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

	const input = parsed.data;
	const documents = prepared.documents;
	const bodyHash = deliveryHash(input);
	const now = Date.now();
	const answer = await (
		await getDatabase()
	).tx((t) => deliverMessage(t, sender, input, documents, now, bodyHash));
	afterDelivery(answer);
	return json(answer.body, { status: answer.status });
}

const repliesQuery = z.object({
	after: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(500).default(100)
});

/** GET /api/v1/replies?after=<cursor>&limit=: what citizens wrote to this sender, oldest first. */
export async function handleReplies(event: RequestEvent): Promise<Response> {
	const sender = await authenticate(event);
	if (sender instanceof Response) return sender;
	const query = repliesQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	return json(await listReplies(await getDatabase(), sender.id, query.data.after, query.data.limit), {
		headers: { 'cache-control': 'no-store' }
	});
}

/**
 * GET /api/v1/replies/<id>/files/<fileId>: a file of the letter a citizen forwarded to this sender (reply <id>).
 * 404 for anything else, so no other letter's files can be reached or guessed.
 */
export async function handleForwardedFile(event: RequestEvent): Promise<Response> {
	const sender = await authenticate(event);
	if (sender instanceof Response) return sender;
	const { id = '', fileId = '' } = event.params as { id?: string; fileId?: string };
	const file =
		id.length <= 64 && fileId.length <= 64
			? await forwardedFile(await getDatabase(), sender.id, id, fileId)
			: null;
	if (!file) return apiError(404, 'not_found', 'There is no such file.');
	return fileResponse(file, true, event.request.headers.get('if-none-match'));
}
