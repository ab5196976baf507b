import { z } from 'zod';
import {
	memoContentData,
	memoForwardData,
	memoRecipientDetails,
	memoReplyData,
	memoSender,
	type MemoMeta
} from '../../schemas/memo';

/**
 * The element tree of a MeMo `Message` (1.1 and 1.2): which elements exist, which repeat and which vocabulary
 * each is in. The XML reader walks documents by it; it is never used to validate values. Validation is the
 * sender API's own (`deliverMessageInput`), after `toLetter.ts` has mapped the message onto it.
 * Header parts a letter keeps as they are (Sender, ContentData, …) come from $lib/schemas/memo.ts.
 */
const leaf = z.string();
const optLeaf = leaf.optional();

const file = z.object({ encodingFormat: leaf, filename: leaf, language: optLeaf, content: leaf });

const reservation = z.object({
	description: optLeaf,
	reservationUUID: leaf,
	abstract: leaf,
	location: optLeaf,
	startDateTime: leaf,
	endDateTime: leaf,
	organizerMail: optLeaf,
	organizerName: optLeaf
});

const action = z.object({
	label: leaf,
	actionCode: leaf,
	startDateTime: optLeaf,
	endDateTime: optLeaf,
	Reservation: reservation.optional(),
	EntryPoint: z.object({ url: leaf }).optional()
});

const documentParts = { label: optLeaf, File: z.array(file), Action: z.array(action).optional() };

const messageBody = z.object({
	createdDateTime: leaf,
	MainDocument: z.object({ mainDocumentID: optLeaf, ...documentParts }),
	AdditionalDocument: z.array(z.object({ additionalDocumentID: optLeaf, ...documentParts })).optional(),
	TechnicalDocument: z
		.array(z.object({ technicalDocumentID: optLeaf, label: optLeaf, File: z.array(file) }))
		.optional()
});

const messageHeader = z.object({
	messageType: leaf,
	messageUUID: leaf,
	messageID: optLeaf,
	messageCode: optLeaf,
	label: leaf,
	notification: optLeaf,
	additionalNotification: optLeaf,
	reply: optLeaf,
	replyByDateTime: optLeaf,
	doNotDeliverUntilDate: optLeaf,
	mandatory: leaf,
	legalNotification: leaf,
	postType: optLeaf,
	Sender: memoSender,
	Recipient: memoRecipientDetails.extend({ recipientID: leaf, idType: leaf }),
	ContentData: memoContentData.optional(),
	ForwardData: memoForwardData.optional(),
	ReplyData: z.array(memoReplyData).optional()
});

export const memoMessage = z
	.object({ MessageHeader: messageHeader, MessageBody: messageBody.optional() })
	.meta({ xmlns: 'memo' } satisfies MemoMeta);
