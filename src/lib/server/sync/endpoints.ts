import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getDb } from '../db/index';
import { write } from '../db/connection';
import { apiError, invalid, readJson } from '../http';
import {
	PUSH_BODY_MAX_BYTES,
	bulkQuery,
	pullQuery,
	pushRequest,
	pushSchemas,
	syncCollectionName,
	syncCollections,
	versionQuery,
	type SyncCollection
} from '../../schemas/sync';
import type { Db } from '../db/connection';
import { reachMailbox, noteOpened, type Reached } from '../access/mailbox';
import { recordHistory } from '../access/history';
import { allows, refusal } from '../access/rules';
import { shownPrivateSenders } from '../access/visibility';
import { notifyMailbox } from './hub';
import { lettersHandler } from './letters';
import { foldersHandler } from './folders';
import { outgoingHandler } from './outgoing';
import { CheckpointExpired, ForbiddenChange, RefusedPush, type Actor, type CollectionHandler } from './types';
import { bulkLetters } from './bulk';
import { openStream, streamAllowedFrom, streamHead } from './stream';

const handlers: Record<SyncCollection, CollectionHandler<never>> = {
	letters: lettersHandler as CollectionHandler<never>,
	folders: foldersHandler as CollectionHandler<never>,
	outgoing: outgoingHandler as CollectionHandler<never>
};

const noStore = { 'cache-control': 'private, no-store' };

type Checked = { ok: true; reached: Reached; collection: SyncCollection } | { ok: false; response: Response };

/**
 * Session (401), collection (404), schema version (400 / 426) and the caller's right to the target mailbox
 * (`?mailbox=`, access/mailbox.ts): checked on every request before anything else.
 */
function check(db: Db, event: RequestEvent): Checked {
	if (!event.locals.citizen)
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
	const reach = reachMailbox(db, event, 'read');
	if (!reach.ok) return reach;
	return { ok: true, reached: reach.reached, collection };
}

/** The owner, or a helper whose every act is checked against their level and written to the owner's history. */
function actorFor(db: Db, { right }: Reached, now: number): Actor {
	const grant = right.grant;
	return {
		helper: grant ? { id: grant.helperId, name: grant.helperName } : null,
		shownSenders: grant ? shownPrivateSenders(db, right.mailboxId) : null,
		require(act, field) {
			if (!allows(right.role, act)) throw new ForbiddenChange(field, refusal(act), 'not_allowed');
		},
		note(action, letterId = null, detail = null) {
			if (grant)
				recordHistory(
					db,
					{ mailboxId: right.mailboxId, helperId: grant.helperId, action, letterId, detail },
					now
				);
		}
	};
}

export function handlePull(event: RequestEvent): Response {
	const db = getDb();
	const checked = check(db, event);
	if (!checked.ok) return checked.response;
	const query = pullQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	const { checkpoint, limit } = query.data;
	const { right } = checked.reached;
	const now = Date.now();
	noteOpened(db, right, now);
	try {
		const result = handlers[checked.collection].pull(
			db,
			right.mailboxId,
			checkpoint,
			limit,
			actorFor(db, checked.reached, now)
		);
		return json(result, { headers: noStore });
	} catch (err) {
		if (err instanceof CheckpointExpired) {
			return apiError(410, 'checkpoint_expired', err.message, 'checkpoint');
		}
		throw err;
	}
}

/** An empty device's first load of its letters, in large pages (protocol in $lib/schemas/sync.ts). */
export function handleBulk(event: RequestEvent): Response {
	const db = getDb();
	const checked = check(db, event);
	if (!checked.ok) return checked.response;
	if (checked.collection !== 'letters') {
		return apiError(404, 'not_found', 'Only letters are loaded in bulk; pull the others.');
	}
	const query = bulkQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	const { right } = checked.reached;
	const now = Date.now();
	if (query.data.before === undefined) noteOpened(db, right, now);
	const page = bulkLetters(
		db,
		right.mailboxId,
		query.data.before,
		query.data.limit,
		actorFor(db, checked.reached, now)
	);
	return json(page, { headers: noStore });
}

export async function handlePush(event: RequestEvent): Promise<Response> {
	const checked = check(getDb(), event);
	if (!checked.ok) return checked.response;
	const { collection } = checked;
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
		const outcome = write(db, () => {
			// The right is read again inside the write: an access ended while the body was read stops here.
			const again = check(db, event);
			if (!again.ok) return again;
			const { right } = again.reached;
			const result = handlers[collection].push(
				db,
				right.mailboxId,
				parsed.data.rows as never[],
				now,
				actorFor(db, again.reached, now)
			);
			return { ok: true as const, mailboxId: right.mailboxId, result };
		});
		if (!outcome.ok) return outcome.response;
		notifyMailbox(outcome.mailboxId, outcome.result.changed);
		return json({ conflicts: outcome.result.conflicts }, { headers: noStore });
	} catch (err) {
		if (err instanceof ForbiddenChange) return apiError(403, err.code, err.message, err.field);
		if (err instanceof RefusedPush) return apiError(err.status, err.error, err.message, err.field);
		throw err;
	}
}

export function handleStream(event: RequestEvent): Response {
	const db = getDb();
	const checked = check(db, event);
	if (!checked.ok) return checked.response;
	// SvelteKit answers HEAD with the GET handler; a stream's body never ends, so answer its headers alone.
	if (event.request.method === 'HEAD') return streamHead();
	const address = event.getClientAddress();
	if (!streamAllowedFrom(address)) {
		return apiError(429, 'too_many_streams', 'Too many open sync streams from this address.', undefined, {
			'retry-after': '30'
		});
	}
	noteOpened(db, checked.reached.right);
	return openStream(checked.reached, checked.collection, event.request.signal, address);
}
