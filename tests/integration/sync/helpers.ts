import { randomUUID } from 'node:crypto';
import type { HttpSession } from '../../fixtures/citizens';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import type { FolderDoc } from '../../../src/lib/schemas/folder';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';

export type Docs = { letters: LetterDoc; folders: FolderDoc; outgoing: OutgoingDoc };

export async function pull<C extends keyof Docs>(
	session: HttpSession,
	collection: C,
	checkpoint = 0,
	limit = 200
): Promise<{ documents: Docs[C][]; checkpoint: { seq: number }; latestSeq: number }> {
	const res = await session.fetch(
		`/api/sync/v1/${collection}/pull?checkpoint=${checkpoint}&limit=${limit}&v=${schemaVersions[collection]}`
	);
	if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${await res.text()}`);
	return res.json();
}

export async function pullAll<C extends keyof Docs>(session: HttpSession, collection: C): Promise<Docs[C][]> {
	return (await pull(session, collection)).documents;
}

export async function push<C extends keyof Docs>(
	session: HttpSession,
	collection: C,
	rows: { assumedMasterState: Docs[C] | null; newDocumentState: Docs[C] }[]
): Promise<Response> {
	return session.fetch(`/api/sync/v1/${collection}/push?v=${schemaVersions[collection]}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows })
	});
}

export async function pushOk<C extends keyof Docs>(
	session: HttpSession,
	collection: C,
	rows: { assumedMasterState: Docs[C] | null; newDocumentState: Docs[C] }[]
): Promise<Docs[C][]> {
	const res = await push(session, collection, rows);
	if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`);
	return ((await res.json()) as { conflicts: Docs[C][] }).conflicts;
}

/** The newest version of a letter as the server has it. */
export async function letter(session: HttpSession, id: string): Promise<LetterDoc> {
	const found = (await pullAll(session, 'letters')).find((l) => l.id === id);
	if (!found) throw new Error(`letter ${id} not in the mailbox`);
	return found;
}

/** A new message to Skattestyrelsen as a device writes it, waiting to be sent; `extra` replaces fields. */
export function outgoingDoc(extra: Partial<OutgoingDoc> = {}): OutgoingDoc {
	return {
		id: randomUUID(),
		serverSeq: 0,
		recipientId: 'skat',
		recipientName: 'Skattestyrelsen',
		inReplyTo: null,
		title: 'Spørgsmål om min forskudsopgørelse',
		body: 'Hej. Jeg har et spørgsmål om mit fradrag.',
		attachments: [],
		createdAt: Date.now(),
		status: 'waiting',
		failure: null,
		sentAt: null,
		_deleted: false,
		...extra
	};
}
