import { z } from 'zod';
import { uuid } from './common';

/** Digital Post's two levels: read (read, sort, mark) and read and write (also write, reply, delete, notices). */
export const accessLevel = z.enum(['read', 'read_write']);
export type AccessLevel = z.infer<typeof accessLevel>;

export const grantStatus = z.enum(['requested', 'active', 'refused', 'ended']);
export type GrantStatus = z.infer<typeof grantStatus>;

/** What the owner's history records: helpers' acts and the access's own changes. */
export const historyAction = z.enum([
	// the access itself
	'requested',
	'granted',
	'approved',
	'refused',
	'level_changed',
	'ended',
	'expired',
	// what the helper did in the mailbox
	'opened',
	'read',
	'unread',
	'moved',
	'trashed',
	'restored',
	'file_opened',
	'folder_created',
	'folder_renamed',
	'folder_deleted',
	'sent',
	'notify_changed'
]);
export type HistoryAction = z.infer<typeof historyAction>;

/** A calendar day (YYYY-MM-DD), as a date input gives it. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2027-01-31');

/** The end date field: empty = no end. */
export const endsOn = z
	.string()
	.trim()
	.transform((s) => (s === '' ? null : s))
	.pipe(day.nullable());

/** "Ask for access": the owner's user ID and name as the helper knows them. */
export const accessRequestInput = z.object({
	userId: z.string().trim().min(1).max(100),
	name: z.string().trim().min(1).max(200),
	level: accessLevel,
	endsOn: endsOn.default('')
});
export type AccessRequestInput = z.infer<typeof accessRequestInput>;

/** "Give access" by the owner directly. */
export const accessGrantInput = accessRequestInput;

export const grantIdInput = z.object({ grant: uuid });
export const levelChangeInput = z.object({ grant: uuid, level: accessLevel });
export const senderShownInput = z.object({
	sender: z.string().min(1).max(64),
	shown: z.enum(['0', '1']).transform((v) => v === '1')
});

/** A mailbox the signed-in citizen may open as a helper (GET /api/v1/access). */
export const helpedMailbox = z.object({
	mailboxId: uuid,
	ownerName: z.string(),
	level: accessLevel,
	/** ms; null = until the owner ends it */
	endsAt: z.number().nullable()
});
export type HelpedMailbox = z.infer<typeof helpedMailbox>;
