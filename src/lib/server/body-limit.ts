import type { Handle } from '@sveltejs/kit';
import { PUSH_BODY_MAX_BYTES } from '../schemas/sync-constants';
import { messageMaxBytes } from './config';
import { BodyTooLargeError, apiError, discardBody, isApiPath } from './http';

const DEFAULT_LIMIT = 1024 * 1024;

/** How many bytes a request to this path may send. adapter-node's own limit is set above all of these
 *  (BODY_SIZE_LIMIT=Infinity), so that these answers — JSON for the API — are what clients see. */
export function bodyLimitFor(pathname: string): number {
	if (pathname === '/api/v1/messages' || pathname === '/service/KombiPostAfsend_1/memos')
		return messageMaxBytes();
	if (/^\/api\/sync\/v1\/[^/]+\/push$/.test(pathname)) return PUSH_BODY_MAX_BYTES;
	return DEFAULT_LIMIT;
}

/**
 * The body, ending in a BodyTooLargeError at the limit. The request's own stream is not cancelled
 * (cancelling it destroys the socket, and the client would see a reset instead of our 413): the rest of
 * the body is read and dropped instead.
 */
function limitedStream(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
	const reader = body.getReader();
	let size = 0;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const { done, value } = await reader.read();
			if (done) return controller.close();
			size += value.byteLength;
			if (size > limit) {
				reader.releaseLock();
				discardBody(body);
				controller.error(new BodyTooLargeError(limit));
			} else controller.enqueue(value);
		},
		cancel() {
			reader.releaseLock();
		}
	});
}

export const requestBodyLimit: Handle = ({ event, resolve }) => {
	const { request } = event;
	if (!request.body) return resolve(event);
	const limit = bodyLimitFor(event.url.pathname);
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) {
		// The client may still be sending: drop the body, so that it reads this answer (see discardBody).
		discardBody(request.body);
		return isApiPath(event.url.pathname)
			? apiError(413, 'too_large', `The body may be at most ${limit} bytes.`)
			: new Response('Payload Too Large', { status: 413 });
	}
	if (!request.headers.has('content-length')) {
		// A chunked body has no length up front: stop reading it at the limit.
		event.request = new Request(request, {
			body: limitedStream(request.body, limit),
			duplex: 'half'
		} as RequestInit);
	}
	return resolve(event);
};
