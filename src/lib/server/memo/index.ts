import { deliverMessageInput, type DeliverMessageInput } from '../../schemas/letter';
import { MEMO_NS } from '../../schemas/memo';
import { firstIssue } from '../http';
import { prepareDocuments, type PreparedDocument } from '../mail/deliver';
import { memoMessage } from './model';
import { readElement, type MemoNode } from './reader';
import { documentPath, memoToLetter } from './to-letter';
import { XmlInputError, type XmlElement } from './xml';

export { parseXml, XmlInputError, type XmlElement } from './xml';
export { documentPath } from './to-letter';

/** Reads a MeMo `Message` element (namespace https://DigitalPost.dk/MeMo-1); throws XmlInputError. */
export function readMessage(element: XmlElement, path = 'Message'): MemoNode {
	if (element.name !== 'Message' || element.ns !== MEMO_NS.memo) {
		throw new XmlInputError(
			path,
			`${path}: expected the MeMo element Message in namespace ${MEMO_NS.memo}, found ${element.ns ? `{${element.ns}}` : ''}${element.name}`
		);
	}
	return readElement(element, memoMessage, path);
}

export type MemoLetter =
	| {
			ok: true;
			input: DeliverMessageInput;
			documents: PreparedDocument[];
			/** Turns a field the delivery named (e.g. `recipient.recipientID`) into the element path. */
			pathOf: (field: string) => string;
	  }
	| { ok: false; status: 400 | 413 | 503; error: string; field: string; message: string };

/**
 * A MeMo message as the letter the JSON API would build: mapped, validated by `deliverMessageInput` and its
 * files checked by `prepareDocuments`, exactly as a JSON letter is. Errors name the element.
 */
export async function memoLetter(
	message: MemoNode,
	isCitizenMessage: (uuid: string) => boolean
): Promise<MemoLetter> {
	const mapped = memoToLetter(message, isCitizenMessage);
	const pathOf = (field: string) => documentPath(mapped.paths, field);
	const parsed = deliverMessageInput.safeParse(mapped.input);
	if (!parsed.success) {
		const issue = firstIssue(parsed.error);
		const field = pathOf(issue.field);
		// zod's message starts with the dotted field; say the element instead.
		const reason = issue.message.slice(issue.message.indexOf(': ') + 2);
		return { ok: false, status: 400, error: 'invalid_body', field, message: `${field}: ${reason}` };
	}
	const prepared = await prepareDocuments(parsed.data);
	if (!prepared.ok) {
		const field = pathOf(prepared.field);
		const reason = prepared.message.slice(prepared.message.indexOf(': ') + 2);
		return {
			ok: false,
			status: prepared.status,
			error: prepared.error,
			field,
			message: `${field}: ${reason}`
		};
	}
	return { ok: true, input: parsed.data, documents: prepared.documents, pathOf };
}
