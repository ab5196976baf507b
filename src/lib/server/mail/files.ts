import type { RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../db/index';
import { apiError } from '../http';
import { reachMailbox } from '../access/mailbox';
import { recordHistory } from '../access/history';
import { hiddenFromHelpers, shownPrivateSenders } from '../access/visibility';
import { readFile, type StoredFile } from './file-store';

/** RFC 6266 Content-Disposition: an ASCII fallback name plus the exact UTF-8 name (RFC 8187). */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
	const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	const encoded = encodeURIComponent(filename).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The HTTP answer for a file, honouring If-None-Match. */
export function fileResponse(file: StoredFile, download: boolean, ifNoneMatch: string | null): Response {
	const etag = `"${file.sha256}"`;
	const headers: Record<string, string> = {
		etag,
		'cache-control': 'private, max-age=0',
		'x-content-type-options': 'nosniff',
		'cross-origin-resource-policy': 'same-origin',
		// Our own letter view shows PDFs and images in a frame; no other site may. (Only that: a stricter
		// policy on a PDF answer would stop the browser's own PDF viewer.)
		'x-frame-options': 'SAMEORIGIN',
		'content-security-policy': "frame-ancestors 'self'"
	};
	if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
		return new Response(null, { status: 304, headers });
	}
	const isText = file.contentType.startsWith('text/');
	// Technical data (XML, JSON) is only ever saved, never opened as a page of our origin.
	const dataOnly = /(xml|json)$/.test(file.contentType);
	headers['content-type'] = isText ? `${file.contentType}; charset=utf-8` : file.contentType;
	headers['content-length'] = String(file.size);
	headers['content-disposition'] = contentDisposition(
		download || dataOnly ? 'attachment' : 'inline',
		file.filename
	);
	// Sanitized already, but a letter's HTML opened on its own must still never run as our origin, nor load
	// anything from anywhere.
	if (file.contentType === 'text/html' || dataOnly)
		headers['content-security-policy'] = "sandbox; default-src 'none'; img-src data:; frame-ancestors 'self'";
	return new Response(new Uint8Array(file.content), { status: 200, headers });
}

/**
 * GET /api/v1/files/<id>[?mailbox=<id>]: a letter's file, for the mailbox's owner and helpers with access
 * (not a company letter hidden from helpers); 404 for everyone else. A helper's opening is recorded in the
 * owner's history.
 */
export async function handleFile(event: RequestEvent): Promise<Response> {
	const { params, url, request } = event;
	const db = await getDatabase();
	const reach = await reachMailbox(db, event, 'read');
	if (!reach.ok) return reach.response;
	const { right } = reach.reached;
	const id = params.id ?? '';
	const found = id.length <= 64 ? await readFile(db, right.mailboxId, id) : null;
	const file =
		found && right.grant && hiddenFromHelpers(found.sender, await shownPrivateSenders(db, right.mailboxId))
			? null
			: found;
	if (!file) return apiError(404, 'not_found', 'There is no such file.');
	const grant = right.grant;
	if (grant) {
		await db.tx((t) =>
			recordHistory(
				t,
				{
					mailboxId: right.mailboxId,
					helperId: grant.helperId,
					action: 'file_opened',
					letterId: file.letterId,
					detail: `${file.letterTitle} · ${file.filename}`
				},
				Date.now()
			)
		);
	}
	return fileResponse(file, url.searchParams.get('download') === '1', request.headers.get('if-none-match'));
}
