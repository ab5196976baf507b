import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoLetter, parseXml, readMessage, XmlInputError } from '../../../src/lib/server/memo/index';
import type { XmlElement } from '../../../src/lib/server/memo/xml';
import { LETTER_TEXT, memoFixture } from '../../fixtures/memo';

/** The Message element inside a kombi_request (or the root itself). */
function messageOf(xml: string): XmlElement {
	const root = parseXml(xml);
	return root.name === 'kombi_request' ? root.children.find((c) => c.name === 'Message')! : root;
}

async function read(xml: string, isCitizenMessage: (uuid: string) => boolean = () => false) {
	const element = messageOf(xml);
	return memoLetter(readMessage(element), isCitizenMessage);
}

function readError(xml: string): XmlInputError {
	try {
		readMessage(messageOf(xml));
	} catch (err) {
		if (err instanceof XmlInputError) return err;
		throw err;
	}
	throw new Error('accepted');
}

describe('MeMo XML → the sender API letter', () => {
	it('maps every element of the full example', async () => {
		const uuid = randomUUID();
		const replyTo = randomUUID();
		const xml = await memoFixture('full-letter.xml', {
			MESSAGE_UUID: uuid,
			REPLY_TO_UUID: replyTo,
			CPR: '3102901234'
		});
		const letter = await read(xml, (id) => id === replyTo);
		if (!letter.ok) throw new Error(letter.message);
		const { input } = letter;
		expect(input).toMatchObject({
			messageUUID: uuid,
			messageType: 'DIGITALPOST',
			label: 'Tilbud om plads i børnehave',
			notification: 'Du har fået post fra Københavns Kommune om en børnehaveplads.',
			reply: true,
			replyByDateTime: '2030-12-01T12:00:00+01:00',
			doNotDeliverUntilDate: '2024-03-01',
			mandatory: false,
			legalNotification: true,
			createdDateTime: '2026-11-20T10:15:00+01:00',
			recipient: { idType: 'CPR', recipientID: '3102901234' },
			caseID: 'BUF-2026-118',
			replyTo
		});
		// Kept beyond what the view shows, under MeMo's names.
		expect(input.memo).toMatchObject({
			messageID: 'KK-BRN-2026-0415',
			messageCode: 'Pladsanvisning',
			additionalNotification: 'Svar senest den 1. december.',
			postType: 'MYNDIGHEDSPOST',
			Sender: {
				senderID: '64942212',
				idType: 'CVR',
				idTypeLabel: 'CVR-nummer',
				label: 'Københavns Kommune',
				AttentionData: {
					AttentionPerson: { personID: '0101700001', label: 'Sagsbehandler Anne Holm' },
					ProductionUnit: { productionUnitNumber: '1003388394' },
					GlobalLocationNumber: { globalLocationNumber: '5798009811578', location: 'Pladsanvisningen' },
					EMail: { emailAddress: 'pladsanvisning@kk.example' },
					SEnumber: { seNumber: '64942212' },
					Telephone: { telephoneNumber: '33663366' },
					EID: { eID: 'CVR:64942212-RID:12345' },
					ContentResponsible: { contentResponsibleID: '64942212' },
					GeneratingSystem: { generatingSystemID: 'PLADS-7' },
					SORdata: { sorIdentifier: '468031000016004', entryName: 'Børnehaven Solsikken' },
					Address: {
						zipCode: '1550',
						city: 'København V',
						AddressPoint: { geographicEastingMeasure: '724082.6' }
					},
					UnstructuredAddress: { unstructured: 'Rådhuspladsen 1, 1550 København V' }
				},
				ContactPoint: {
					contactGroup: 'Pladsanvisning',
					ContactInfo: [
						{ label: 'Barnets navn', value: 'Ida Nielsen' },
						{ label: 'Ønsket institution', value: 'Solsikken' }
					]
				},
				Representative: { representativeID: '29189498', idType: 'CVR' }
			},
			Recipient: {
				label: 'Freja Nielsen',
				AttentionData: { UnstructuredAddress: { unstructured: 'Solvej 3, 2300 København S' } },
				ContactPoint: { contactPointID: '5f1ee1d6-6a3e-4c43-9d8c-2b6c0f1f7a10' }
			},
			ContentData: {
				CPRdata: { cprNumber: '3112201234', name: 'Ida Nielsen' },
				CVRdata: { cvrNumber: '64942212' },
				MotorVehicle: { licenseNumber: 'AB12345' },
				PropertyNumber: { propertyNumber: '101-123456' },
				CaseID: { caseID: 'BUF-2026-118', caseSystem: 'KMD Nexus' },
				KLEdata: { subjectKey: '28.03.04' },
				FORMdata: { taskKey: '28.05.10.15' },
				ProductionUnit: { productionUnitNumber: '1003388394' },
				Education: { educationCode: '1001' },
				Address: { addressLabel: 'Solvej' },
				UnstructuredAddress: { unstructured: 'Solvej 3, 2300 København S' },
				AdditionalContentData: [
					{ contentDataName: 'Startdato', contentDataValue: '2027-01-04' },
					{ contentDataName: 'Stue', contentDataValue: 'Rød stue' }
				]
			},
			ForwardData: {
				messageUUID: '2b0b7f8e-6c49-4b8e-9b1a-3d6f0f3e9a11',
				originalMessageDateTime: '2026-10-01T09:30:00+02:00',
				originalRepresentative: 'Kommunernes fælles postløsning',
				comment: 'Sendt videre fra børnehaven.'
			},
			ReplyData: [
				{ messageUUID: replyTo, AdditionalReplyData: [{ label: 'Intern note' }] },
				{ replyUUID: '9e6a3c51-0f7d-4b2a-b1e4-6a8d2c3f5e77', comment: 'Første brev i sagen' }
			]
		});
		// The recipient's CPR is the letter's address, not kept twice.
		expect(input.memo?.Recipient).not.toHaveProperty('recipientID');

		const main = input.mainDocument!;
		expect(main).toMatchObject({ documentID: 'BREV-1', label: 'Tilbud om plads' });
		expect(main.files.map((f) => [f.encodingFormat, f.filename, f.language])).toEqual([
			['application/pdf', 'Tilbud om plads.pdf', 'da'],
			['text/plain', 'Tilbud.txt', 'da']
		]);
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
		expect(main.actions[0]).toMatchObject({
			label: 'Opstart i børnehaven',
			startDateTime: '2027-01-04T09:00:00+01:00',
			reservation: {
				uid: '6c1f2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
				abstract: 'Opstart i Solsikken',
				description: 'Første dag. Tag skiftetøj med.',
				location: 'Solvej 10, 2300 København S',
				start: '2027-01-04T09:00:00+01:00',
				end: '2027-01-04T11:00:00+01:00',
				organizerName: 'Børnehaven Solsikken',
				organizerEmail: 'solsikken@kk.example'
			}
		});
		expect(main.actions[1]).toMatchObject({
			actionCode: 'BETALING',
			url: 'https://betaling.kk.example/pladsanvisning?sag=BUF-2026-118&beloeb=2150',
			endDateTime: '2026-12-31T23:59:00+01:00'
		});
		// An additional document without a label is named after its file.
		expect(input.additionalDocuments.map((d) => [d.documentID, d.label])).toEqual([
			['BILAG-1', 'Praktiske oplysninger'],
			[undefined, 'kort.png']
		]);
		expect(input.technicalDocuments).toMatchObject([
			{
				documentID: 'DATA-1',
				label: 'Pladsdata',
				files: [{ encodingFormat: 'text/xml', filename: 'plads.xml' }]
			}
		]);

		// The documents as they will be stored: HTML sanitized, the technical one never shown inline.
		const kinds = letter.documents.map((d) => [d.doc.kind, d.doc.documentID ?? null]);
		expect(kinds).toEqual([
			['main', 'BREV-1'],
			['additional', 'BILAG-1'],
			['additional', null],
			['technical', 'DATA-1']
		]);
		expect(letter.documents[0]!.doc.bodyHtml).toContain('Dit barn har fået plads');
		expect(letter.documents[1]!.doc.bodyHtml).toContain('<strong>skiftetøj</strong>');
		expect(letter.documents[1]!.doc.bodyHtml).not.toMatch(/script|tracker/);
		expect(letter.documents[3]!.doc.bodyHtml).toBeNull();
	});

	it('matches namespaces, not prefixes, and unwraps line-wrapped base64', async () => {
		const letter = await read(await memoFixture('default-namespace.xml', { CPR: '3102901234' }));
		if (!letter.ok) throw new Error(letter.message);
		expect(letter.input.memo?.ContentData).toEqual({ CPRdata: { cprNumber: '3102901234' } });
		expect(letter.input.mainDocument?.label).toBe('Din forskudsopgørelse');
		expect(Buffer.from(letter.input.mainDocument!.files[0]!.content, 'base64').toString()).toBe(LETTER_TEXT);
	});

	it('reads a NemSMS as a short text message without documents', async () => {
		const letter = await read(await memoFixture('nemsms.xml'));
		if (!letter.ok) throw new Error(letter.message);
		expect(letter.input).toMatchObject({ messageType: 'NEMSMS', label: 'Husk din tid' });
		expect(letter.documents).toHaveLength(1);
		expect(letter.documents[0]!.doc).toMatchObject({ kind: 'main', title: 'Husk din tid', files: [] });
		expect(letter.documents[0]!.doc.bodyHtml).toContain('tandplejen i morgen');
	});

	it('names the element at fault', async () => {
		const cases: [string, string, RegExp][] = [
			['malformed/wrong-idtype.xml', 'Message/MessageHeader/Sender/idType', /MyndighedsID/],
			['malformed/recipient-idtype.xml', 'Message/MessageHeader/Recipient/idType', /CPR/],
			['malformed/bad-base64.xml', 'Message/MessageBody/MainDocument/File[2]/content', /base64/i]
		];
		for (const [fixture, field, message] of cases) {
			const letter = await read(await memoFixture(fixture));
			expect(letter.ok, fixture).toBe(false);
			if (letter.ok) continue;
			expect(letter.field, fixture).toBe(field);
			expect(letter.message, fixture).toMatch(message);
			expect(letter.message.startsWith(`${field}: `), fixture).toBe(true);
		}
	});

	it('names the element when a value is refused after reading (a PDF that is not one)', async () => {
		const xml = await memoFixture('held-letter.xml', {
			DATE: '2024-01-01',
			PDF: Buffer.from('plain text').toString('base64')
		});
		const letter = await read(xml);
		expect(letter).toMatchObject({
			ok: false,
			field: 'Message/MessageBody/MainDocument/File[1]/content'
		});
	});

	it('names a missing element where it belongs', async () => {
		const xml = (await memoFixture('held-letter.xml', { DATE: '2024-01-01' })).replace(
			/<memo:MessageBody>[\s\S]*<\/memo:MessageBody>/,
			''
		);
		expect(await read(xml)).toMatchObject({ ok: false, field: 'Message/MessageBody' });
	});

	it('refuses elements without the MeMo namespace, in the wrong vocabulary, unknown or repeated', async () => {
		expect(readError(await memoFixture('malformed/missing-namespace.xml')).message).toMatch(
			/^Message: expected the MeMo element Message in namespace https:\/\/DigitalPost.dk\/MeMo-1, found Message$/
		);
		const wrongNs = readError(await memoFixture('malformed/wrong-element-namespace.xml'));
		expect(wrongNs.path).toBe('Message/MessageHeader/ContentData/CPRdata');
		expect(wrongNs.message).toMatch(
			/in namespace https:\/\/DigitalPost.dk\/MeMo-1; expected https:\/\/data.gov.dk\/model\/core\//
		);

		const base = await memoFixture('nemsms.xml');
		const unknown = base.replace('<memo:label>', '<memo:colour>red</memo:colour><memo:label>');
		expect(readError(unknown).message).toBe(
			'Message/MessageHeader/colour: unexpected element {https://DigitalPost.dk/MeMo-1}colour'
		);
		const twice = base.replace('<memo:label>', '<memo:label>A</memo:label><memo:label>');
		expect(readError(twice).message).toBe('Message/MessageHeader/label: the element may appear only once');
		const textInHeader = base.replace('<memo:MessageHeader>', '<memo:MessageHeader>hello');
		expect(readError(textInHeader).message).toBe(
			'Message/MessageHeader: text is not allowed here, only elements'
		);
		const elementInText = base.replace('<memo:label>Husk din tid', '<memo:label><memo:b>Husk</memo:b>');
		expect(readError(elementInText).message).toMatch(/^Message\/MessageHeader\/label: expected text/);
	});
});
