import { child, children, textOf, toJson, type MemoNode } from './reader';

/**
 * Maps a MeMo message (as read from XML) onto the sender API's input: the same object a JSON sender posts, so
 * one validation (`deliverMessageInput`) and one delivery path serve both. Values are passed on as written:
 * anything wrong is found by that validation, and `paths` names the element each value came from.
 */
export interface MappedMessage {
	/** Not yet validated: parse it with deliverMessageInput. */
	input: Record<string, unknown>;
	/** Dotted input path (as zod reports it) → element path in the document. */
	paths: Map<string, string>;
}

/** MeMo's xs:boolean; anything else is passed on unchanged for the validation to refuse. */
function xsBoolean(value: string | undefined): boolean | string | undefined {
	if (value === 'true' || value === '1') return true;
	if (value === 'false' || value === '0') return false;
	return value;
}

/** xs:base64Binary may be wrapped in lines; the API's base64 may not. */
function base64(value: string | undefined): string | undefined {
	return value?.split(/\s+/).join('');
}

interface Mapper {
	paths: Map<string, string>;
	/** Registers where `field` comes from: the node when present, else where it should have been. */
	at(field: string, parent: MemoNode | undefined, parentPath: string, name: string): MemoNode | undefined;
}

function mapper(): Mapper {
	const paths = new Map<string, string>();
	return {
		paths,
		at(field, parent, parentPath, name) {
			const node = child(parent, name);
			paths.set(field, node?.path ?? `${parentPath}/${name}`);
			return node;
		}
	};
}

function mapDocument(
	m: Mapper,
	node: MemoNode,
	field: string,
	kind: 'main' | 'additional' | 'technical',
	fallbackLabel: string | undefined
): Record<string, unknown> {
	m.paths.set(field, node.path);
	const files = children(node, 'File').map((file, i) => {
		const f = `${field}.files.${i}`;
		m.paths.set(f, file.path);
		m.paths.set(`${field}.files`, `${node.path}/File`);
		for (const name of ['encodingFormat', 'filename', 'language', 'content']) {
			m.at(`${f}.${name}`, file, file.path, name);
		}
		return {
			encodingFormat: textOf(file, 'encodingFormat'),
			filename: textOf(file, 'filename'),
			language: textOf(file, 'language'),
			content: base64(child(file, 'content')?.text)
		};
	});
	m.paths.set(`${field}.files`, `${node.path}/File`);
	const idName = `${kind}DocumentID`;
	m.at(`${field}.documentID`, node, node.path, idName);
	m.at(`${field}.label`, node, node.path, 'label');
	const doc: Record<string, unknown> = {
		documentID: textOf(node, idName),
		// MeMo lets a document go without a label; the letter view needs a heading.
		label: textOf(node, 'label') ?? fallbackLabel ?? textOf(children(node, 'File')[0], 'filename'),
		files
	};
	if (kind !== 'technical') {
		m.paths.set(`${field}.actions`, `${node.path}/Action`);
		doc.actions = children(node, 'Action').map((action, i) => mapAction(m, action, `${field}.actions.${i}`));
	}
	return doc;
}

function mapAction(m: Mapper, node: MemoNode, field: string): Record<string, unknown> {
	m.paths.set(field, node.path);
	for (const name of ['label', 'actionCode', 'startDateTime', 'endDateTime'])
		m.at(`${field}.${name}`, node, node.path, name);
	const entryPoint = child(node, 'EntryPoint');
	if (entryPoint) m.at(`${field}.url`, entryPoint, entryPoint.path, 'url');
	const out: Record<string, unknown> = {
		label: textOf(node, 'label'),
		actionCode: textOf(node, 'actionCode'),
		url: textOf(entryPoint, 'url'),
		startDateTime: textOf(node, 'startDateTime'),
		endDateTime: textOf(node, 'endDateTime')
	};
	const reservation = m.at(`${field}.reservation`, node, node.path, 'Reservation');
	if (reservation) {
		const names: [string, string][] = [
			['uid', 'reservationUUID'],
			['abstract', 'abstract'],
			['description', 'description'],
			['location', 'location'],
			['start', 'startDateTime'],
			['end', 'endDateTime'],
			['organizerName', 'organizerName'],
			['organizerEmail', 'organizerMail']
		];
		const mapped: Record<string, unknown> = {};
		for (const [ours, memo] of names) {
			m.at(`${field}.reservation.${ours}`, reservation, reservation.path, memo);
			mapped[ours] = textOf(reservation, memo);
		}
		out.reservation = mapped;
	}
	return out;
}

/**
 * @param message the `Message` element, read by readElement with the MeMo model
 * @param isCitizenMessage whether a ReplyData messageUUID names a message the citizen sent this sender (then the
 *   letter joins that reply thread, as `replyTo` does in the JSON API)
 */
export function memoToLetter(message: MemoNode, isCitizenMessage: (uuid: string) => boolean): MappedMessage {
	const m = mapper();
	const header = m.at('', message, message.path, 'MessageHeader');
	const headerPath = header?.path ?? `${message.path}/MessageHeader`;
	const input: Record<string, unknown> = {};

	const simple: [string, string][] = [
		['messageUUID', 'messageUUID'],
		['messageType', 'messageType'],
		['label', 'label'],
		['notification', 'notification'],
		['replyByDateTime', 'replyByDateTime'],
		['doNotDeliverUntilDate', 'doNotDeliverUntilDate']
	];
	for (const [ours, memo] of simple) {
		m.at(ours, header, headerPath, memo);
		input[ours] = textOf(header, memo);
	}
	for (const name of ['reply', 'mandatory', 'legalNotification']) {
		m.at(name, header, headerPath, name);
		input[name] = xsBoolean(textOf(header, name));
	}

	const recipient = m.at('recipient', header, headerPath, 'Recipient');
	if (recipient) {
		m.at('recipient.idType', recipient, recipient.path, 'idType');
		m.at('recipient.recipientID', recipient, recipient.path, 'recipientID');
		input.recipient = { idType: textOf(recipient, 'idType'), recipientID: textOf(recipient, 'recipientID') };
	}

	const contentData = child(header, 'ContentData');
	const caseId = child(contentData, 'CaseID');
	if (caseId) {
		m.at('caseID', caseId, caseId.path, 'caseID');
		input.caseID = textOf(caseId, 'caseID');
	}

	// What the letter keeps beyond its own fields, under MeMo's names.
	const memo: Record<string, unknown> = {};
	for (const name of ['messageID', 'messageCode', 'additionalNotification', 'postType']) {
		const node = m.at(`memo.${name}`, header, headerPath, name);
		if (node) memo[name] = textOf(header, name);
	}
	for (const name of ['Sender', 'ContentData', 'ForwardData']) {
		const node = m.at(`memo.${name}`, header, headerPath, name);
		if (node) memo[name] = toJson(node, `memo.${name}`, m.paths);
	}
	if (recipient) {
		// The CPR number and its type are the letter's address (above); the rest is kept.
		const {
			recipientID: _id,
			idType: _type,
			...details
		} = toJson(recipient, 'memo.Recipient', m.paths) as Record<string, unknown>;
		if (Object.keys(details).length > 0) memo.Recipient = details;
	}
	const replyData = children(header, 'ReplyData');
	if (replyData.length > 0) {
		m.paths.set('memo.ReplyData', `${headerPath}/ReplyData`);
		memo.ReplyData = replyData.map((node, i) => toJson(node, `memo.ReplyData.${i}`, m.paths));
		const answered = replyData.find((node) => {
			const uuid = textOf(node, 'messageUUID');
			return uuid !== undefined && isCitizenMessage(uuid.toLowerCase());
		});
		if (answered) {
			input.replyTo = textOf(answered, 'messageUUID')?.toLowerCase();
			m.at('replyTo', answered, answered.path, 'messageUUID');
		}
	}
	if (Object.keys(memo).length > 0) input.memo = memo;

	const body = child(message, 'MessageBody');
	if (body) {
		m.at('createdDateTime', body, body.path, 'createdDateTime');
		input.createdDateTime = textOf(body, 'createdDateTime');
		const main = m.at('mainDocument', body, body.path, 'MainDocument');
		if (main) input.mainDocument = mapDocument(m, main, 'mainDocument', 'main', textOf(header, 'label'));
		m.paths.set('additionalDocuments', `${body.path}/AdditionalDocument`);
		input.additionalDocuments = children(body, 'AdditionalDocument').map((node, i) =>
			mapDocument(m, node, `additionalDocuments.${i}`, 'additional', undefined)
		);
		m.paths.set('technicalDocuments', `${body.path}/TechnicalDocument`);
		input.technicalDocuments = children(body, 'TechnicalDocument').map((node, i) =>
			mapDocument(m, node, `technicalDocuments.${i}`, 'technical', undefined)
		);
	} else {
		m.paths.set('mainDocument', `${message.path}/MessageBody`);
	}
	return { input: dropUndefined(input), paths: m.paths };
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
	return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * The document path for a dotted input path: the registered path of its longest known prefix, with the rest
 * appended in XPath style (`files.2` → `/File[3]`).
 */
export function documentPath(paths: Map<string, string>, field: string): string {
	const parts = field === '' ? [] : field.split('.');
	for (let n = parts.length; n >= 0; n--) {
		const known = paths.get(parts.slice(0, n).join('.'));
		if (known === undefined) continue;
		let path = known;
		for (const part of parts.slice(n)) {
			path += /^\d+$/.test(part) ? `[${Number(part) + 1}]` : `/${part}`;
		}
		return path;
	}
	return field;
}
