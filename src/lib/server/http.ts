import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import type { ApiError } from '../schemas/common';

/** A JSON error answer in the shape every API uses: `{ error, message, field? }`. */
export function apiError(
	status: number,
	error: string,
	message: string,
	field?: string,
	headers?: HeadersInit
) {
	const body: ApiError = field === undefined ? { error, message } : { error, message, field };
	return json(body, { status, headers });
}

/** The dotted path of the first problem zod found, e.g. `mainDocument.files.0.content`. */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
	const issue = error.issues[0];
	const field = issue?.path.map(String).join('.') ?? '';
	return { field, message: issue ? `${field || 'body'}: ${issue.message}` : 'invalid input' };
}

export function invalid(error: z.ZodError, kind = 'invalid_body', prefix = '') {
	const { field, message } = firstIssue(error);
	const full = prefix && field ? `${prefix}.${field}` : prefix || field;
	return apiError(400, kind, prefix ? `${prefix}.${message}` : message, full || undefined);
}

/** How much of a refused body is read and dropped before the connection is cut instead. */
const DISCARD_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Reads and drops, in the background, what is left of a body we refused (413), so that a client still
 * sending it gets to read our answer. Closing the connection instead makes the client's next write fail
 * (EPIPE, or a reset that throws away the answer) and it never sees the 413. A body beyond
 * DISCARD_MAX_BYTES is cancelled, which cuts the connection.
 */
export function discardBody(body: ReadableStream<Uint8Array> | null): void {
	if (!body || body.locked) return;
	const reader = body.getReader();
	void (async () => {
		let seen = 0;
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				seen += value.byteLength;
				if (seen > DISCARD_MAX_BYTES) return void (await reader.cancel());
			}
		} catch {
			// The client went away: nothing left to drop.
		}
	})();
}

export class BodyTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`request body is larger than ${limit} bytes`);
	}
}

/**
 * Reads a request body, refusing bodies over `limit` bytes without buffering them (a Content-Length over
 * the limit is refused before reading).
 */
export async function readBytesLimited(request: Request, limit: number): Promise<Buffer> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) {
		discardBody(request.body);
		throw new BodyTooLargeError(limit);
	}
	if (!request.body) return Buffer.alloc(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			// Not cancelled: that would destroy the socket before the 413 is sent; the rest is dropped instead.
			reader.releaseLock();
			discardBody(request.body);
			throw new BodyTooLargeError(limit);
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

/** Reads a request body as UTF-8 text, within `limit` bytes (see readBytesLimited). */
export async function readTextLimited(request: Request, limit: number): Promise<string> {
	return (await readBytesLimited(request, limit)).toString('utf8');
}

/** Reads and parses a JSON body; answers (as a Response) 413 when too large and 400 when not JSON. */
export async function readJson(
	request: Request,
	limit: number
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
	let text: string;
	try {
		text = await readTextLimited(request, limit);
	} catch (err) {
		if (err instanceof BodyTooLargeError) {
			return {
				ok: false,
				response: apiError(413, 'too_large', `The body may be at most ${limit} bytes.`)
			};
		}
		return { ok: false, response: apiError(400, 'invalid_body', 'The request body could not be read.') };
	}
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false, response: apiError(400, 'invalid_json', 'The request body is not valid JSON.') };
	}
}

/** Paths other systems and our scripts call (JSON answers, bearer keys or our own fetches), not pages. */
export function isApiPath(pathname: string): boolean {
	return pathname.startsWith('/api/') || pathname.startsWith('/service/');
}
