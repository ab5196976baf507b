import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createCitizen, senderApiKey, signedInCitizen } from '../../fixtures/citizens';
import { LETTER_TEXT, memoFixture, pdfBase64, TECHNICAL_XML, type Placeholders } from '../../fixtures/memo';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';
import { letter, pullAll, pushOk } from '../sync/helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

interface Answer {
	status: number;
	body: Record<string, unknown>;
}

async function send(
	xml: string,
	options: { sender?: string; key?: string | null; transaction?: string; contentType?: string } = {}
): Promise<Answer> {
	const headers: Record<string, string> = {
		'content-type': options.contentType ?? 'application/xml',
		'x-transaktionsid': options.transaction ?? randomUUID(),
		'x-transaktionstid': new Date().toISOString()
	};
	const key = options.key === undefined ? senderApiKey(dataDir, options.sender ?? 'skat') : options.key;
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const res = await fetch(new URL('/service/KombiPostAfsend_1/memos', baseUrl), {
		method: 'POST',
		headers,
		body: xml
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function fixture(name: string, values: Placeholders) {
	return memoFixture(name, values);
}

/** Danish calendar date `days` from now. */
function danishDate(days: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(
		Date.now() + days * 86_400_000
	);
}

describe('POST /service/KombiPostAfsend_1/memos', () => {
	it('delivers the full MeMo example into the mailbox, keeping what the view does not show', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		// The citizen wrote to SKAT first; SKAT's answer names that message in ReplyData.
		const question: OutgoingDoc = {
			id: randomUUID(),
			serverSeq: 0,
			recipientId: 'skat',
			recipientName: 'Skattestyrelsen',
			inReplyTo: null,
			title: 'Plads i børnehave',
			body: 'Hvornår hører jeg noget?',
			attachments: [],
			createdAt: Date.now(),
			status: 'waiting',
			failure: null,
			sentAt: null,
			_deleted: false
		};
		await pushOk(session, 'outgoing', [{ assumedMasterState: null, newDocumentState: question }]);
		const [sent] = await pullAll(session, 'outgoing');
		expect(sent?.status).toBe('sent');

		const uuid = randomUUID();
		const transaction = randomUUID();
		const xml = await fixture('full-letter.xml', {
			MESSAGE_UUID: uuid,
			CPR: citizen.cpr,
			REPLY_TO_UUID: question.id
		});
		const answer = await send(xml, { transaction });
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({
			status: 'delivered',
			messageUUID: uuid,
			transaktionsId: transaction
		});

		const stored = await letter(session, String(answer.body.letterId));
		expect(stored).toMatchObject({
			senderId: 'skat',
			title: 'Tilbud om plads i børnehave',
			notification: 'Du har fået post fra Københavns Kommune om en børnehaveplads.',
			createdAt: '2026-11-20T10:15:00+01:00',
			replyAllowed: true,
			replyBy: '2030-12-01T12:00:00+01:00',
			legalNotification: true,
			mandatory: false,
			caseId: 'BUF-2026-118',
			inReplyTo: question.id,
			threadId: question.id,
			folder: 'inbox',
			read: false
		});
		expect(stored.memo).toMatchObject({
			messageID: 'KK-BRN-2026-0415',
			postType: 'MYNDIGHEDSPOST',
			doNotDeliverUntilDate: '2024-03-01',
			Sender: { label: 'Københavns Kommune', Representative: { representativeID: '29189498' } },
			ContentData: { KLEdata: { subjectKey: '28.03.04' }, Education: { educationCode: '1001' } },
			ForwardData: { comment: 'Sendt videre fra børnehaven.' }
		});
		expect(stored.memo?.ReplyData).toHaveLength(2);
		expect(stored.documents.map((d) => [d.kind, d.documentID ?? null, d.title])).toEqual([
			['main', 'BREV-1', 'Tilbud om plads'],
			['additional', 'BILAG-1', 'Praktiske oplysninger'],
			['additional', null, 'kort.png'],
			['technical', 'DATA-1', 'Pladsdata']
		]);
		const main = stored.documents[0]!;
		expect(main.actions.map((a) => a.actionCode)).toEqual([
			'AFTALE',
			'BETALING',
			'SELVBETJENING',
			'INFORMATION',
			'UNDERSKRIV',
			'BEKRAEFT',
			'FORBEREDELSE',
			'TILMELDING'
		]);
		expect(main.actions[0]!.reservation).toMatchObject({
			abstract: 'Opstart i Solsikken',
			start: '2027-01-04T09:00:00+01:00',
			organizerEmail: 'solsikken@kk.example'
		});
		expect(main.bodyHtml).toContain('Dit barn har fået plads');
		expect(stored.documents[1]!.bodyHtml).not.toMatch(/<script|tracker\.example/);

		// Files are the bytes that were sent.
		const pdf = main.files.find((f) => f.contentType === 'application/pdf')!;
		const pdfRes = await session.fetch(`/api/v1/files/${pdf.id}`);
		expect(pdfRes.status).toBe(200);
		expect(Buffer.from(await pdfRes.arrayBuffer()).toString('base64')).toBe(await pdfBase64());
		const technical = stored.documents[3]!.files[0]!;
		expect(technical).toMatchObject({ contentType: 'text/xml', filename: 'plads.xml' });
		const techRes = await session.fetch(`/api/v1/files/${technical.id}`);
		expect(await techRes.text()).toBe(TECHNICAL_XML);
		expect(techRes.headers.get('content-disposition')).toMatch(/^attachment/);
	});

	it('matches namespaces, not prefixes (MeMo 1.1 in the default namespace, wrapped base64)', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const answer = await send(await fixture('default-namespace.xml', { CPR: citizen.cpr }));
		expect(answer.status).toBe(201);
		const stored = await letter(session, String(answer.body.letterId));
		expect(stored.title).toBe('Din forskudsopgørelse');
		expect(stored.documents[0]!.bodyHtml).toContain(LETTER_TEXT.split('\n')[0]);
	});

	it('keeps a NemSMS as a short text message in the mailbox', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const answer = await send(await fixture('nemsms.xml', { CPR: citizen.cpr }));
		expect(answer.status).toBe(201);
		const stored = await letter(session, String(answer.body.letterId));
		expect(stored).toMatchObject({
			title: 'Husk din tid',
			notification: 'Husk din tid hos tandplejen i morgen kl. 9.30. Mvh. Københavns Kommune',
			memo: { messageType: 'NEMSMS', Sender: { label: 'Københavns Kommune' } }
		});
		expect(stored.documents).toHaveLength(1);
		expect(stored.documents[0]).toMatchObject({ kind: 'main', files: [], actions: [] });
		expect(stored.documents[0]!.bodyHtml).toContain('tandplejen i morgen');
	});

	it('holds a letter until its doNotDeliverUntilDate (Danish time); a past date delivers at once', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const held = await send(await fixture('held-letter.xml', { CPR: citizen.cpr, DATE: danishDate(2) }));
		expect(held.status).toBe(201);
		expect(held.body).toMatchObject({ status: 'scheduled', visibleFrom: expect.any(String) });
		expect(Date.parse(String(held.body.visibleFrom))).toBeGreaterThan(Date.now() + 86_400_000);
		const today = await send(await fixture('held-letter.xml', { CPR: citizen.cpr, DATE: danishDate(0) }));
		expect(today.body).toMatchObject({ status: 'delivered' });
		const ids = (await pullAll(session, 'letters')).map((l) => l.id);
		expect(ids).toEqual([today.body.letterId]);
	});

	it('is idempotent per X-TransaktionsId: a replay gets the same answer, another body 409', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const transaction = randomUUID();
		const xml = await fixture('nemsms.xml', { CPR: citizen.cpr });
		const first = await send(xml, { transaction });
		expect(first.status).toBe(201);
		expect(await send(xml, { transaction })).toEqual(first);
		expect(await send(xml, { transaction: transaction.toUpperCase() })).toEqual(first);
		expect(await pullAll(session, 'letters')).toHaveLength(1);

		const other = await send(await fixture('nemsms.xml', { CPR: citizen.cpr }), { transaction });
		expect(other).toMatchObject({ status: 409, body: { error: 'conflict', field: 'X-TransaktionsId' } });
		// The same messageUUID with another body under a new transaction: MeMo's own idempotency.
		const uuid = randomUUID();
		expect((await send(await fixture('nemsms.xml', { CPR: citizen.cpr, MESSAGE_UUID: uuid }))).status).toBe(
			201
		);
		const changed = (await fixture('nemsms.xml', { CPR: citizen.cpr, MESSAGE_UUID: uuid })).replace(
			'Husk din tid</memo:label>',
			'Ny tid</memo:label>'
		);
		expect(await send(changed)).toMatchObject({
			status: 409,
			body: { error: 'conflict', field: 'Message/MessageHeader/messageUUID' }
		});
		expect(await pullAll(session, 'letters')).toHaveLength(2);
	});

	it('answers 401 without the sender key, 415 for another content type, 400 for missing transaction headers', async () => {
		const citizen = await createCitizen(dataDir);
		const xml = await fixture('nemsms.xml', { CPR: citizen.cpr });
		expect(await send(xml, { key: null })).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
		expect((await send(xml, { key: 'pk_wrong' })).status).toBe(401);
		expect((await send(xml, { contentType: 'application/json' })).status).toBe(415);
		expect(await send(xml, { transaction: 'not-a-uuid' })).toMatchObject({
			status: 400,
			body: { error: 'invalid_header', field: 'X-TransaktionsId' }
		});
	});

	it('answers 404 for an unknown CPR and 403 for a private sender without opt-in, naming the element', async () => {
		expect(await send(await fixture('nemsms.xml', { CPR: '3002009999' }))).toMatchObject({
			status: 404,
			body: { error: 'unknown_recipient', field: 'Message/MessageHeader/Recipient/recipientID' }
		});
		const citizen = await createCitizen(dataDir, { optIns: ['fjordbank'] });
		const xml = await fixture('nemsms.xml', { CPR: citizen.cpr });
		expect(await send(xml, { sender: 'lynfiber' })).toMatchObject({
			status: 403,
			body: { error: 'not_opted_in', field: 'Message/MessageHeader/Recipient/recipientID' }
		});
		expect((await send(xml, { sender: 'fjordbank' })).status).toBe(201);
	});

	it('answers 400 with the element path for malformed MeMo', async () => {
		const citizen = await createCitizen(dataDir);
		const deep =
			'<memo:MessageHeader>'.repeat(1) +
			'<memo:x>'.repeat(40) +
			'</memo:x>'.repeat(40) +
			'</memo:MessageHeader>';
		const cases: [string, Placeholders, string, string | undefined, RegExp][] = [
			[
				'malformed/missing-namespace.xml',
				{},
				'invalid_xml',
				'Message',
				/namespace https:\/\/DigitalPost\.dk\/MeMo-1/
			],
			[
				'malformed/wrong-element-namespace.xml',
				{},
				'invalid_xml',
				'Message/MessageHeader/ContentData/CPRdata',
				/expected https:\/\/data\.gov\.dk/
			],
			[
				'malformed/wrong-idtype.xml',
				{},
				'invalid_body',
				'Message/MessageHeader/Sender/idType',
				/MyndighedsID/
			],
			[
				'malformed/recipient-idtype.xml',
				{},
				'invalid_body',
				'Message/MessageHeader/Recipient/idType',
				/citizens/
			],
			[
				'malformed/bad-base64.xml',
				{},
				'invalid_body',
				'Message/MessageBody/MainDocument/File[2]/content',
				/base64/
			],
			['malformed/billion-laughs.xml', {}, 'invalid_xml', undefined, /DOCTYPE is not allowed/],
			['malformed/external-entity.xml', {}, 'invalid_xml', undefined, /DOCTYPE is not allowed/],
			[
				'malformed/undeclared-entity.xml',
				{},
				'invalid_xml',
				'kombi_request/Message/MessageHeader/label',
				/not well-formed/
			],
			['malformed/deep-nesting.xml', { DEEP: deep }, 'invalid_xml', undefined, /nested deeper than 24 levels/]
		];
		for (const [name, values, error, field, message] of cases) {
			const answer = await send(await fixture(name, { CPR: citizen.cpr, ...values }));
			expect(answer.status, name).toBe(400);
			expect(answer.body.error, name).toBe(error);
			if (field) expect(answer.body.field, name).toBe(field);
			expect(String(answer.body.message), name).toMatch(message);
		}
		const mismatch = (await fixture('nemsms.xml', { CPR: citizen.cpr })).replace(
			'>NemSMS<',
			'>Digital Post<'
		);
		expect(await send(mismatch)).toMatchObject({
			status: 400,
			body: { field: 'kombi_request/KombiValgKode' }
		});
		expect(await send('<kombi_request><KombiValgKode>Digital Post</KombiValgKode>')).toMatchObject({
			status: 400,
			body: { error: 'invalid_xml' }
		});
	});

	it('answers 413 for a file larger than the service takes', async () => {
		const citizen = await createCitizen(dataDir);
		const huge = Buffer.alloc(11 * 1024 * 1024, 0x25).toString('base64');
		const answer = await send(await fixture('malformed/huge-file.xml', { CPR: citizen.cpr, HUGE: huge }));
		expect(answer).toMatchObject({ status: 413, body: { error: 'too_large' } });
	});
});

describe('GET /service/PostForespoerg_1/{digitalpost|nemsms}', () => {
	async function lookup(path: string, sender: string | null = 'skat') {
		const headers: Record<string, string> = { 'x-transaktionsid': randomUUID() };
		if (sender) headers.authorization = `Bearer ${senderApiKey(dataDir, sender)}`;
		const res = await fetch(new URL(`/service/PostForespoerg_1/${path}`, baseUrl), { headers });
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	}

	it('answers whether the citizen can receive from this sender', async () => {
		const citizen = await createCitizen(dataDir, { optIns: ['fjordbank'] });
		for (const service of ['digitalpost', 'nemsms']) {
			expect(await lookup(`${service}?cprNumber=${citizen.cpr}`)).toEqual({
				status: 200,
				body: { result: true }
			});
			expect(await lookup(`${service}?cprNumber=3002009999`)).toEqual({
				status: 200,
				body: { result: false }
			});
		}
		expect((await lookup(`digitalpost?cprNumber=${citizen.cpr}`, 'fjordbank')).body).toEqual({
			result: true
		});
		expect((await lookup(`digitalpost?cprNumber=${citizen.cpr}`, 'lynfiber')).body).toEqual({
			result: false
		});
		expect((await lookup('digitalpost?cvrNumber=12345678')).body).toEqual({ result: false });
	});

	it('answers 400 for a wrong number, 401 without a key, 404 for another service', async () => {
		expect(await lookup('digitalpost?cprNumber=123')).toMatchObject({
			status: 400,
			body: { field: 'cprNumber' }
		});
		expect((await lookup('digitalpost')).status).toBe(400);
		expect((await lookup('digitalpost?cprNumber=3102901234', null)).status).toBe(401);
		const other = await fetch(new URL('/service/PostForespoerg_1/eboks?cprNumber=3102901234', baseUrl));
		expect(other.status).toBe(404);
	});
});
