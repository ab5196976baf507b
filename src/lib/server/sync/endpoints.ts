import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getDatabase } from '../db/index';
import type { Queryable, Tx } from '../db/engine';
import { lockMailbox } from '../db/sequence';
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
async function check(q: Queryable, event: RequestEvent): Promise<Checked> {
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
	const reach = await reachMailbox(q, event, 'read');
	if (!reach.ok) return reach;
	return { ok: true, reached: reach.reached, collection };
}

/** The owner, or a helper whose every act is checked against their level and written to the owner's history. */
/** `t` is the push's transaction (a pull records nothing). */
async function actorFor(q: Queryable, { right }: Reached, now: number, t?: Tx): Promise<Actor> {
	const grant = right.grant;
	return {
		helper: grant ? { id: grant.helperId, name: grant.helperName } : null,
		shownSenders: grant ? await shownPrivateSenders(q, right.mailboxId) : null,
		require(act, field) {
			if (!allows(right.role, act)) throw new ForbiddenChange(field, refusal(act), 'not_allowed');
		},
		async note(action, letterId = null, detail = null) {
			if (!grant) return;
			if (!t) throw new Error('a helper act is recorded only inside a push');
			await recordHistory(
				t,
				{ mailboxId: right.mailboxId, helperId: grant.helperId, action, letterId, detail },
				now
			);
		}
	};
}

export async function handlePull(event: RequestEvent): Promise<Response> {
	const db = await getDatabase();
	const checked = await check(db, event);
	if (!checked.ok) return checked.response;
	const query = pullQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	const { checkpoint, limit } = query.data;
	const { right } = checked.reached;
	const now = Date.now();
	await noteOpened(db, right, now);
	try {
		const result = await handlers[checked.collection].pull(
			db,
			right.mailboxId,
			checkpoint,
			limit,
			await actorFor(db, checked.reached, now)
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
export async function handleBulk(event: RequestEvent): Promise<Response> {
	const db = await getDatabase();
	const checked = await check(db, event);
	if (!checked.ok) return checked.response;
	if (checked.collection !== 'letters') {
		return apiError(404, 'not_found', 'Only letters are loaded in bulk; pull the others.');
	}
	const query = bulkQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	const { right } = checked.reached;
	const now = Date.now();
	if (query.data.before === undefined) await noteOpened(db, right, now);
	const page = await bulkLetters(
		db,
		right.mailboxId,
		query.data.before,
		query.data.limit,
		await actorFor(db, checked.reached, now)
	);
	return json(page, { headers: noStore });
}

export async function handlePush(event: RequestEvent): Promise<Response> {
	const db = await getDatabase();
	const checked = await check(db, event);
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

	const now = Date.now();
	const rows = parsed.data.rows as never[];
	try {
		const outcome = await db.tx(async (t) => {
			// The right is read again inside the write: an access ended while the body was read stops here.
			const again = await check(t, event);
			if (!again.ok) return again;
			const { right } = again.reached;
			// Every read below decides a write: hold the mailbox row until COMMIT (one writer per mailbox).
			await lockMailbox(t, right.mailboxId);
			const result = await handlers[collection].push(
				t,
				right.mailboxId,
				rows,
				now,
				await actorFor(t, again.reached, now, t)
			);
			await notifyMailbox(right.mailboxId, result.changed, t);
			return { ok: true as const, result };
		});
		if (!outcome.ok) return outcome.response;
		return json({ conflicts: outcome.result.conflicts }, { headers: noStore });
	} catch (err) {
		if (err instanceof ForbiddenChange) return apiError(403, err.code, err.message, err.field);
		if (err instanceof RefusedPush) return apiError(err.status, err.error, err.message, err.field);
		throw err;
	}
}

export async function handleStream(event: RequestEvent): Promise<Response> {
	const db = await getDatabase();
	const checked = await check(db, event);
	if (!checked.ok) return checked.response;
	// SvelteKit answers HEAD with the GET handler; a stream's body never ends, so answer its headers alone.
	if (event.request.method === 'HEAD') return streamHead();
	const address = event.getClientAddress();
	if (!streamAllowedFrom(address)) {
		return apiError(429, 'too_many_streams', 'Too many open sync streams from this address.', undefined, {
			'retry-after': '30'
		});
	}
	await noteOpened(db, checked.reached.right);
	return openStream(checked.reached, checked.collection, event.request.signal, address);
}
