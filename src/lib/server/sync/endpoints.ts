import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getDb } from '../db/index';
import { write } from '../db/connection';
import { apiError, invalid, readJson } from '../http';
import {
	PUSH_BODY_MAX_BYTES,
	pullQuery,
	pushRequest,
	pushSchemas,
	syncCollectionName,
	syncCollections,
	versionQuery,
	type SyncCollection
} from '../../schemas/sync';
import type { SessionCitizen } from '../auth/session';
import { notifyMailbox } from './hub';
import { lettersHandler } from './letters';
import { foldersHandler } from './folders';
import { outgoingHandler } from './outgoing';
import { ForbiddenChange, RefusedPush, type CollectionHandler } from './types';
import { openStream, streamAllowedFrom, streamHead } from './stream';

const handlers: Record<SyncCollection, CollectionHandler<never>> = {
	letters: lettersHandler as CollectionHandler<never>,
	folders: foldersHandler as CollectionHandler<never>,
	outgoing: outgoingHandler as CollectionHandler<never>
};

const noStore = { 'cache-control': 'private, no-store' };

type Checked =
	{ ok: true; citizen: SessionCitizen; collection: SyncCollection } | { ok: false; response: Response };

/** Session (401), collection (404) and schema version (400 / 426): checked before anything else. */
function check(event: RequestEvent): Checked {
	const citizen = event.locals.citizen;
	if (!citizen)
		return { ok: false, response: apiError(401, 'unauthorized', 'Sign in to sync your mailbox.') };
	const name = syncCollectionName.safeParse(event.params.collection);
	if (!name.success)
		return { ok: false, response: apiError(404, 'not_found', 'There is no such collection.') };
	const collection = name.data;
	const version = versionQuery.safeParse({ v: event.url.searchParams.get('v') ?? undefined });
	if (!version.success) return { ok: false, response: invalid(version.error, 'invalid_query') };
	if (version.data.v !== syncCollections[collection].version) {
		return {
			ok: false,
			response: apiError(
				426,
				'upgrade_required',
				`This app speaks version ${version.data.v} of "${collection}"; the server speaks version ${syncCollections[collection].version}. Reload the app to update it.`,
				'v'
			)
		};
	}
	return { ok: true, citizen, collection };
}

export function handlePull(event: RequestEvent): Response {
	const checked = check(event);
	if (!checked.ok) return checked.response;
	const query = pullQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	const { checkpoint, limit } = query.data;
	const result = handlers[checked.collection].pull(getDb(), checked.citizen.mailboxId, checkpoint, limit);
	return json(result, { headers: noStore });
}

export async function handlePush(event: RequestEvent): Promise<Response> {
	const checked = check(event);
	if (!checked.ok) return checked.response;
	const { citizen, collection } = checked;
	const type = event.request.headers.get('content-type') ?? '';
	if (!/^application\/json\b/i.test(type)) {
		return apiError(415, 'unsupported_media_type', 'Send the push as application/json.');
	}
	const body = await readJson(event.request, PUSH_BODY_MAX_BYTES);
	if (!body.ok) return body.response;
	const parsed = pushRequest(pushSchemas[collection] as z.ZodType).safeParse(body.value);
	if (!parsed.success) return invalid(parsed.error);

	const db = getDb();
	const now = Date.now();
	try {
		const outcome = write(db, () =>
			handlers[collection].push(db, citizen.mailboxId, parsed.data.rows as never[], now)
		);
		notifyMailbox(citizen.mailboxId, outcome.changed);
		return json({ conflicts: outcome.conflicts }, { headers: noStore });
	} catch (err) {
		if (err instanceof ForbiddenChange) return apiError(403, 'forbidden_change', err.message, err.field);
		if (err instanceof RefusedPush) return apiError(err.status, err.error, err.message, err.field);
		throw err;
	}
}

export function handleStream(event: RequestEvent): Response {
	const checked = check(event);
	if (!checked.ok) return checked.response;
	// SvelteKit answers HEAD with the GET handler; a stream's body never ends, so answer its headers alone.
	if (event.request.method === 'HEAD') return streamHead();
	const address = event.getClientAddress();
	if (!streamAllowedFrom(address)) {
		return apiError(429, 'too_many_streams', 'Too many open sync streams from this address.', undefined, {
			'retry-after': '30'
		});
	}
	return openStream(checked.citizen, checked.collection, event.request.signal, address);
}
