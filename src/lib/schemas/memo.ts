import { z } from 'zod';

/**
 * MeMo (the Digital Post message format) data that a letter keeps beside what the letter view shows: who sent
 * it on whose behalf, the case it is about, reply and forward threads. Keys are MeMo's own element names, so the
 * JSON sender API and the XML reader ($lib/server/memo) speak the same words. Source: the public MeMo 1.1/1.2
 * examples.
 *
 * `xmlns` metadata names the vocabulary an element belongs to; children inherit their parent's vocabulary.
 */
export const MEMO_NS = {
	memo: 'https://DigitalPost.dk/MeMo-1',
	grd: 'https://data.gov.dk/model/core/',
	gln: 'https://www.gs1.dk/gs1-standarder/identifikation/gln-global-location-number/',
	udd: 'https://www.dst.dk/da/TilSalg/Forskningsservice/Dokumentation/hoejkvalitetsvariable/elevregister-2/udd#',
	rid: 'https://www.nets.eu/dk-da/løsninger/nemid/nemid-tjenesteudbyder/supplerende-tjenester/pid-rid-cpr-tjenester',
	pnum: 'https://indberet.virk.dk/myndigheder/stat/ERST/P-enhedsloesningen',
	form: 'http://www.form-online.dk/',
	kle: 'http://kle-online.dk/',
	dmv: 'https://motorregister.skat.dk/',
	sor: 'https://services.nsi.dk/en/Services/SOR'
} as const;
export type MemoVocabulary = keyof typeof MEMO_NS;

/** Metadata the XML reader uses: which vocabulary (namespace) an element is in. */
export type MemoMeta = {
	xmlns?: MemoVocabulary;
};
const inNs = <T extends z.ZodType>(schema: T, xmlns: MemoVocabulary): T =>
	schema.meta({ xmlns } satisfies MemoMeta);

const text = (max = 300) => z.string().trim().min(1).max(max);
const optText = (max = 300) => text(max).optional();

export const memoIdType = z.enum(['MyndighedsID', 'CPR', 'CVR', 'Andet']);
export type MemoIdType = z.infer<typeof memoIdType>;

// --- vocabularies other than MeMo's own ------------------------------------------------------------------

const addressPoint = inNs(
	z.object({
		geographicEastingMeasure: optText(40),
		geographicNorthingMeasure: optText(40),
		geographicHeightMeasure: optText(40)
	}),
	'grd'
);
const address = inNs(
	z.object({
		id: optText(64),
		addressLabel: optText(),
		houseNumber: optText(20),
		door: optText(20),
		floor: optText(20),
		co: optText(),
		zipCode: optText(20),
		city: optText(100),
		country: optText(60),
		AddressPoint: addressPoint.optional()
	}),
	'grd'
);
const unstructuredAddress = inNs(z.object({ unstructured: text(500) }), 'grd');
const productionUnit = inNs(
	z.object({ productionUnitNumber: text(20), productionUnitName: optText() }),
	'grd'
);
const seNumber = inNs(z.object({ seNumber: text(20), companyName: optText() }), 'grd');
const eid = inNs(z.object({ eID: text(100), label: optText() }), 'grd');
const globalLocationNumber = inNs(z.object({ globalLocationNumber: text(20), location: optText() }), 'gln');
const sorData = inNs(z.object({ sorIdentifier: text(40), entryName: optText() }), 'sor');
const cprData = inNs(
	z.object({ cprNumber: z.string().regex(/^\d{10}$/, 'a CPR number is 10 digits'), name: optText() }),
	'grd'
);
const cvrData = inNs(
	z.object({ cvrNumber: z.string().regex(/^\d{8}$/, 'a CVR number is 8 digits'), companyName: optText() }),
	'grd'
);
const motorVehicle = inNs(z.object({ licenseNumber: optText(20), chassisNumber: optText(40) }), 'dmv');
const propertyNumber = inNs(z.object({ propertyNumber: text(40) }), 'grd');
const kleData = inNs(
	z.object({ subjectKey: text(20), version: optText(60), activityFacet: optText(), label: optText() }),
	'kle'
);
const formData = inNs(
	z.object({ taskKey: text(20), version: optText(60), activityFacet: optText(), label: optText() }),
	'form'
);
const education = inNs(z.object({ educationCode: text(20), educationName: optText() }), 'udd');

// --- MeMo's own elements -------------------------------------------------------------------------------

export const memoAttentionData = z.object({
	AttentionPerson: z.object({ personID: optText(40), label: optText() }).optional(),
	ProductionUnit: productionUnit.optional(),
	GlobalLocationNumber: globalLocationNumber.optional(),
	EMail: z.object({ emailAddress: text(320), relatedAgent: optText() }).optional(),
	SEnumber: seNumber.optional(),
	Telephone: z.object({ telephoneNumber: text(40), relatedAgent: optText() }).optional(),
	EID: eid.optional(),
	ContentResponsible: z.object({ contentResponsibleID: optText(40), label: optText() }).optional(),
	GeneratingSystem: z.object({ generatingSystemID: optText(40), label: optText() }).optional(),
	SORdata: sorData.optional(),
	Address: address.optional(),
	UnstructuredAddress: unstructuredAddress.optional()
});

export const memoContactPoint = z.object({
	contactGroup: optText(100),
	contactPointID: optText(100),
	label: optText(),
	ContactInfo: z
		.array(z.object({ label: text(), value: text(1000) }))
		.max(50)
		.optional()
});

export const memoSender = z.object({
	senderID: text(40),
	idType: memoIdType,
	idTypeLabel: optText(100),
	label: text(),
	AttentionData: memoAttentionData.optional(),
	ContactPoint: memoContactPoint.optional(),
	/** MeMo 1.2: who sends on the sender's behalf. */
	Representative: z
		.object({ representativeID: text(40), idType: memoIdType, idTypeLabel: optText(100), label: optText() })
		.optional()
});

/** The recipient's details besides the CPR number the letter is addressed to. */
export const memoRecipientDetails = z.object({
	idTypeLabel: optText(100),
	label: optText(),
	AttentionData: memoAttentionData.optional(),
	ContactPoint: memoContactPoint.optional()
});

export const memoContentData = z.object({
	CPRdata: cprData.optional(),
	CVRdata: cvrData.optional(),
	MotorVehicle: motorVehicle.optional(),
	PropertyNumber: propertyNumber.optional(),
	CaseID: z.object({ caseID: text(100), caseSystem: optText(100) }).optional(),
	KLEdata: kleData.optional(),
	FORMdata: formData.optional(),
	ProductionUnit: productionUnit.optional(),
	Education: education.optional(),
	Address: address.optional(),
	UnstructuredAddress: unstructuredAddress.optional(),
	AdditionalContentData: z
		.array(
			z.object({
				contentDataType: optText(100),
				contentDataName: optText(100),
				contentDataValue: optText(1000)
			})
		)
		.max(50)
		.optional()
});

export const memoForwardData = z.object({
	messageUUID: z.uuid(),
	originalMessageDateTime: z.iso.datetime({ offset: true }).optional(),
	originalSender: optText(),
	originalContentResponsible: optText(),
	originalRepresentative: optText(),
	contactPointID: optText(100),
	comment: optText(1000)
});

export const memoReplyData = z.object({
	messageID: optText(100),
	messageUUID: z.uuid(),
	replyUUID: z.uuid().optional(),
	senderID: optText(40),
	recipientID: optText(40),
	caseID: optText(100),
	contactPointID: optText(100),
	generatingSystemID: optText(100),
	comment: optText(1000),
	AdditionalReplyData: z
		.array(z.object({ label: text(), value: text(1000) }))
		.max(50)
		.optional()
});

/** What a sender may add from MeMo's header beyond the letter's own fields (`memo` in the sender API). */
export const memoDetails = z.object({
	messageID: optText(100),
	messageCode: optText(100),
	additionalNotification: optText(300),
	postType: optText(60),
	Sender: memoSender.optional(),
	Recipient: memoRecipientDetails.optional(),
	ContentData: memoContentData.optional(),
	ForwardData: memoForwardData.optional(),
	ReplyData: z.array(memoReplyData).max(20).optional()
});
export type MemoDetails = z.infer<typeof memoDetails>;

export const messageType = z.enum(['DIGITALPOST', 'NEMSMS']);
export type MessageType = z.infer<typeof messageType>;

/**
 * What a letter keeps from MeMo beyond the fields the letter view shows (`memo` of a synced letter). Every part
 * is optional; a plain letter from the JSON API has no `memo` at all.
 */
export const memoData = memoDetails.extend({
	/** Set for a NemSMS: a short text message, not a letter. */
	messageType: messageType.optional(),
	/** The day (Danish time) the sender held the letter back until. */
	doNotDeliverUntilDate: z.iso.date().optional()
});
export type MemoData = z.infer<typeof memoData>;
