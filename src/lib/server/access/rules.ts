import type { AccessLevel } from '../../schemas/access';

/** Who the caller is to a mailbox. */
export type Role = 'owner' | AccessLevel;

/**
 * What a request does to a mailbox. Account acts (code card, password, the access list, CPR) are the owner's
 * own and never reachable through another person's mailbox; they are listed so the rule says so in one place.
 */
export type Act =
	| 'read' // pull, stream, files, history
	| 'organise' // mark read/unread, create/rename folders, move letters between folders
	| 'delete' // letters to or from the trash, delete folders
	| 'write' // new messages and replies, on the owner's behalf
	| 'notify_contact' // the owner's notice contact details
	| 'manage_access'
	| 'account';

const allowed: Record<Role, ReadonlySet<Act>> = {
	owner: new Set(['read', 'organise', 'delete', 'write', 'notify_contact', 'manage_access', 'account']),
	read_write: new Set(['read', 'organise', 'delete', 'write', 'notify_contact']),
	read: new Set(['read', 'organise'])
};

/** THE rule: may a caller with this role do this act? */
export function allows(role: Role, act: Act): boolean {
	return allowed[role].has(act);
}

const refused: Record<Act, string> = {
	read: 'Reading this mailbox is not allowed.',
	organise: 'Sorting letters in this mailbox is not allowed.',
	delete: 'Read access does not allow deleting: moving letters to or from the trash or deleting folders.',
	write: 'Read access does not allow writing or replying on the owner’s behalf.',
	notify_contact: 'Read access does not allow changing the owner’s notice settings.',
	manage_access: 'Only the owner can give, change or end access to this mailbox.',
	account: 'Only the owner can change this account.'
};

/** The 403 message naming what is not allowed. */
export function refusal(act: Act): string {
	return refused[act];
}
