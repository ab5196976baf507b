import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '../db/index';
import type { Database, Queryable, Tx } from '../db/engine';
import { messageMaxBytes } from '../config';
import { sha256Hex } from '../crypto';
import { apiError, BodyTooLargeError, readTextLimited } from '../http';
import { citizenByCpr } from '../auth/citizens';
import { deliverMessage, deliveryHash, type DeliveryAnswer } from '../mail/deliver';
import { senderByAuthorization, type Sender } from '../senders/registry';
import { afterDelivery } from '../mail/release';
import { memoLetter, parseXml, readMessage, XmlInputError, type XmlElement } from '../memo/index';
import { child, textOf, type MemoNode } from '../memo/reader';

/**
 * SF1601 "KombiPostAfsend" as municipal systems call it:
 * POST /service/KombiPostAfsend_1/memos, `<kombi_request><KombiValgKode>…</KombiValgKode><memo:Message>…`.
 * The MeMo message becomes the same letter the JSON API delivers. Answers are JSON, like the rest of our API:
 * 201 `{ status, letterId, messageUUID, receivedAt, transaktionsId }`, errors `{ error, message, field }` where
 * `field` is the element path (e.g. `Message/MessageHeader/Recipient/recipientID`) or the header's name.
 */

/** KombiValgKode (the client's choice of channel) → MeMo messageType. */
const channels: Record<string, 'DIGITALPOST' | 'NEMSMS'> = {
	'digital post': 'DIGITALPOST',
	nemsms: 'NEMSMS'
};

const transactionHeaders = z.object({
	'x-transaktionsid': z.uuid('X-TransaktionsId must be a UUID'),
	'x-transaktionstid': z.string().trim().min(1, 'X-TransaktionsTid is required').max(64)
});

export async function authenticateSender(event: RequestEvent): Promise<Sender | Response> {
	const sender = await senderByAuthorization(await getDatabase(), event.request.headers.get('authorization'));
	return (
		sender ??
		apiError(
			401,
			'unauthorized',
			'Send your sender API key as "Authorization: Bearer <key>" (Postkasse does not take SAML tokens).',
			'Authorization',
			{ 'www-authenticate': 'Bearer realm="postkasse"' }
		)
	);
}

function headerError(error: z.ZodError): Response {
	const issue = error.issues[0]!;
	const name = issue.path[0] === 'x-transaktionsid' ? 'X-TransaktionsId' : 'X-TransaktionsTid';
	return apiError(400, 'invalid_header', `${name}: ${issue.message}`, name);
}

interface Envelope {
	channel: 'DIGITALPOST' | 'NEMSMS' | null;
	message: MemoNode;
}

/** `kombi_request` (no namespace) around a MeMo Message; a bare Message is taken as well. */
function readEnvelope(root: XmlElement): Envelope {
	if (root.ns === '' && root.name === 'kombi_request') {
		let code: XmlElement | undefined;
		let message: XmlElement | undefined;
		for (const element of root.children) {
			const path = `kombi_request/${element.name}`;
			if (element.ns === '' && element.name === 'KombiValgKode' && !code) code = element;
			else if (element.name === 'Message' && !message) message = element;
			else throw new XmlInputError(path, `${path}: unexpected element`);
		}
		if (!message)
			throw new XmlInputError('kombi_request/Message', 'kombi_request/Message: the MeMo message is missing');
		const channel = code ? channels[code.text.trim().toLowerCase()] : null;
		if (code && !channel) {
			throw new XmlInputError(
				'kombi_request/KombiValgKode',
				'kombi_request/KombiValgKode: expected "Digital Post" or "NemSMS"'
			);
		}
		return { channel: channel ?? null, message: readMessage(message) };
	}
	return { channel: null, message: readMessage(root) };
}

function tooLarge(limit: number): Response {
	return apiError(413, 'too_large', `The body may be at most ${limit} bytes.`);
}

/** POST /service/KombiPostAfsend_1/memos */
export async function handleKombiPostAfsend(event: RequestEvent): Promise<Response> {
	const sender = await authenticateSender(event);
	if (sender instanceof Response) return sender;
	const { request } = event;
	if (!/^(application|text)\/xml\b/i.test(request.headers.get('content-type') ?? '')) {
		return apiError(415, 'unsupported_media_type', 'Send the kombi_request as application/xml.');
	}
	const headers = transactionHeaders.safeParse({
		'x-transaktionsid': request.headers.get('x-transaktionsid') ?? undefined,
		'x-transaktionstid': request.headers.get('x-transaktionstid') ?? undefined
	});
	if (!headers.success) return headerError(headers.error);
	const transactionId = headers.data['x-transaktionsid'].toLowerCase();

	const limit = messageMaxBytes();
	let body: string;
	try {
		body = await readTextLimited(request, limit);
	} catch (err) {
		if (err instanceof BodyTooLargeError) return tooLarge(limit);
		return apiError(400, 'invalid_body', 'The request body could not be read.');
	}
	const db = await getDatabase();
	const bodyHash = sha256Hex(body);
	const replay = await answeredBefore(db, sender, transactionId, bodyHash);
	if (replay) return replay;

	let envelope: Envelope;
	try {
		envelope = readEnvelope(parseXml(body));
	} catch (err) {
		if (err instanceof XmlInputError) return apiError(400, 'invalid_xml', err.message, err.path || undefined);
		throw err;
	}
	const header = child(envelope.message, 'MessageHeader');
	const messageType = textOf(header, 'messageType');
	if (envelope.channel && messageType && envelope.channel !== messageType) {
		return apiError(
			400,
			'invalid_body',
			`kombi_request/KombiValgKode: says ${envelope.channel === 'NEMSMS' ? 'NemSMS' : 'Digital Post'}, but the message is ${messageType}`,
			'kombi_request/KombiValgKode'
		);
	}
	const cpr = textOf(child(header, 'Recipient'), 'recipientID');
	const mailboxId = cpr ? (await citizenByCpr(db, cpr))?.mailbox_id : undefined;
	// The messages this citizen sent this sender: what a ReplyData messageUUID may name.
	const sentIds = new Set(
		mailboxId
			? (
					await db.all<{ id: string }>(
						"SELECT id FROM outgoing WHERE mailbox_id = $1 AND recipient_id = $2 AND status = 'sent'",
						[mailboxId, sender.id]
					)
				).map((r) => r.id.toLowerCase())
			: []
	);
	const letter = await memoLetter(envelope.message, (uuid) => sentIds.has(uuid));
	if (!letter.ok) return apiError(letter.status, letter.error, letter.message, letter.field);

	const now = Date.now();
	const { input, documents } = letter;
	const letterHash = deliveryHash(input);
	const outcome = await deliverOnce(db, async (t) => {
		// A replay that raced this one past the first check gets its answer here.
		const raced = await answeredBefore(t, sender, transactionId, bodyHash);
		if (raced) return { response: raced };
		const answer = await deliverMessage(t, sender, input, documents, now, letterHash);
		if (answer.status >= 300) {
			const field = typeof answer.body.field === 'string' ? letter.pathOf(answer.body.field) : undefined;
			const message = String(answer.body.message);
			return {
				response: apiError(
					answer.status,
					String(answer.body.error),
					field ? `${field}: ${message}` : message,
					field
				)
			};
		}
		const response = { ...answer.body, transaktionsId: transactionId };
		// Claimed by the primary key: a replay racing in another process waits for this commit, then
		// rolls back its own (idempotent) delivery and answers from the stored transaction.
		const claimed = await t.one(
			`INSERT INTO sf1601_transactions (sender_id, transaction_id, body_hash, status, response, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6)
			 ON CONFLICT (sender_id, transaction_id) DO NOTHING RETURNING status`,
			[sender.id, transactionId, bodyHash, answer.status, JSON.stringify(response), now]
		);
		if (!claimed) throw new TransactionRaced();
		return { response: json(response, { status: answer.status }), answer };
	});
	if (outcome.answer) afterDelivery(outcome.answer);
	return outcome.response;
}

type Outcome = { response: Response; answer?: DeliveryAnswer };

/** Runs the delivery transaction; when another process stored the transaction first, runs it once more
 *  (it then answers from the stored transaction). */
async function deliverOnce(db: Database, body: (t: Tx) => Promise<Outcome>): Promise<Outcome> {
	try {
		return await db.tx(body);
	} catch (err) {
		if (!(err instanceof TransactionRaced)) throw err;
		return db.tx(body);
	}
}

/** Another process stored this transaction first; ours rolls back and answers from the stored one. */
class TransactionRaced extends Error {}

/**
 * The answer already given to this sender's transaction: the same again for the same body (a retry), 409 for
 * another body under a used X-TransaktionsId. Null when the transaction is new.
 */
async function answeredBefore(
	q: Queryable,
	sender: Sender,
	transactionId: string,
	bodyHash: string
): Promise<Response | null> {
	const row = await q.one<{ body_hash: string; status: number; response: string }>(
		'SELECT body_hash, status, response FROM sf1601_transactions WHERE sender_id = $1 AND transaction_id = $2',
		[sender.id, transactionId]
	);
	if (!row) return null;
	if (row.body_hash !== bodyHash) {
		return apiError(
			409,
			'conflict',
			'X-TransaktionsId: this transaction was already used for another request. Use a new X-TransaktionsId for a new message.',
			'X-TransaktionsId'
		);
	}
	return json(JSON.parse(row.response), { status: row.status });
}
