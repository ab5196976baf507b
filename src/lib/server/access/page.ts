// The "Someone you trust" settings page: what it shows (load) and the forms it posts (actions). Every action
// works on the signed-in citizen's OWN mailbox or OWN requests (never a `?mailbox=`), so a helper can never
// grant onward or change another person's access list.
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getDatabase } from '../db/index';
import { signedInCitizen } from '../auth/guard';
import { firstIssue } from '../http';
import { notifyMailbox } from '../sync/hub';
import {
	accessGrantInput,
	accessRequestInput,
	grantIdInput,
	levelChangeInput,
	senderShownInput,
	type AccessLevel
} from '../../schemas/access';
import {
	decide,
	grantAccess,
	grantsOfHelper,
	grantsOfMailbox,
	leave,
	requestAccess,
	type Decision,
	type Grant
} from './grants';
import { listHistory, type HistoryEntry } from './history';
import { privateSendersOf, setSenderShown, type PrivateSender } from './visibility';
import { accessChanged } from './events';

export type AccessForm = 'request' | 'grant' | 'decide' | 'sender' | 'leave';

/** What a failed form answers: which form, which field, which error code (the page words it). */
export interface AccessFailure {
	form: AccessForm;
	field: string;
	error: string;
	values?: Record<string, string>;
}

export interface AccessPageData {
	/** Grants of the citizen's own mailbox: requests first, then active, then past. */
	helpers: Grant[];
	/** The citizen's own accesses to others' mailboxes and requests. */
	helping: Grant[];
	senders: PrivateSender[];
	history: HistoryEntry[];
	now: number;
}

export async function accessPageData(event: Pick<RequestEvent, 'locals'>): Promise<AccessPageData> {
	const citizen = signedInCitizen(event);
	const db = await getDatabase();
	return {
		helpers: await grantsOfMailbox(db, citizen.mailboxId),
		helping: await grantsOfHelper(db, citizen.citizenId),
		senders: await privateSendersOf(db, citizen.mailboxId),
		history: await listHistory(db, citizen.mailboxId, null),
		now: Date.now()
	};
}

async function formOf<S extends z.ZodType>(event: RequestEvent, schema: S) {
	const form = await event.request.formData();
	const raw = Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === 'string'));
	return { raw, parsed: schema.safeParse(raw) };
}

function invalidForm(form: AccessForm, error: z.ZodError, values?: Record<string, string>) {
	const { field } = firstIssue(error);
	return fail(400, { form, field, error: 'invalid', values } satisfies AccessFailure);
}

const grantErrorStatus = { not_found: 404, self: 400, exists: 409, past: 400 } as const;

/** approve, refuse, end or change level of a grant of the owner's own mailbox. */
async function ownerDecision(event: RequestEvent, grantId: string, decision: Decision) {
	const citizen = signedInCitizen(event);
	const db = await getDatabase();
	const grant = await db.tx((t) => decide(t, citizen.mailboxId, grantId, decision, Date.now()));
	if (!grant)
		return fail(404, { form: 'decide', field: 'grant', error: 'not_found' } satisfies AccessFailure);
	// After the commit: open streams of the helper check their right again (an end closes them at once).
	accessChanged(grant.mailboxId, grant.helperId);
	return { done: typeof decision === 'string' ? decision : 'level', helper: grant.helperName };
}

export const accessActions = {
	/** The helper asks the owner for access. */
	request: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const { raw, parsed } = await formOf(event, accessRequestInput);
		const values = {
			userId: raw.userId ?? '',
			name: raw.name ?? '',
			level: raw.level ?? '',
			endsOn: raw.endsOn ?? ''
		};
		if (!parsed.success) return invalidForm('request', parsed.error, values);
		const db = await getDatabase();
		const input = parsed.data;
		const outcome = await db.tx((t) => requestAccess(t, citizen.citizenId, input, Date.now()));
		if (!outcome.ok) {
			return fail(grantErrorStatus[outcome.why.error], {
				form: 'request',
				field: outcome.why.field,
				error: outcome.why.error,
				values
			} satisfies AccessFailure);
		}
		return { done: 'requested' as const, owner: parsed.data.name };
	},

	/** The owner gives access directly. */
	grant: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const { raw, parsed } = await formOf(event, accessGrantInput);
		const values = {
			userId: raw.userId ?? '',
			name: raw.name ?? '',
			level: raw.level ?? '',
			endsOn: raw.endsOn ?? ''
		};
		if (!parsed.success) return invalidForm('grant', parsed.error, values);
		const db = await getDatabase();
		const input = parsed.data;
		const outcome = await db.tx((t) =>
			grantAccess(t, { citizenId: citizen.citizenId, mailboxId: citizen.mailboxId }, input, Date.now())
		);
		if (!outcome.ok) {
			return fail(grantErrorStatus[outcome.why.error], {
				form: 'grant',
				field: outcome.why.field,
				error: outcome.why.error,
				values
			} satisfies AccessFailure);
		}
		accessChanged(citizen.mailboxId, outcome.helperId);
		return { done: 'granted' as const, helper: parsed.data.name };
	},

	approve: async (event: RequestEvent) => {
		const { parsed } = await formOf(event, grantIdInput);
		if (!parsed.success) return invalidForm('decide', parsed.error);
		return ownerDecision(event, parsed.data.grant, 'approve');
	},

	refuse: async (event: RequestEvent) => {
		const { parsed } = await formOf(event, grantIdInput);
		if (!parsed.success) return invalidForm('decide', parsed.error);
		return ownerDecision(event, parsed.data.grant, 'refuse');
	},

	end: async (event: RequestEvent) => {
		const { parsed } = await formOf(event, grantIdInput);
		if (!parsed.success) return invalidForm('decide', parsed.error);
		return ownerDecision(event, parsed.data.grant, 'end');
	},

	level: async (event: RequestEvent) => {
		const { parsed } = await formOf(event, levelChangeInput);
		if (!parsed.success) return invalidForm('decide', parsed.error);
		return ownerDecision(event, parsed.data.grant, { level: parsed.data.level as AccessLevel });
	},

	/** The helper ends their own access or withdraws a request. */
	leave: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const { parsed } = await formOf(event, grantIdInput);
		if (!parsed.success) return invalidForm('leave', parsed.error);
		const db = await getDatabase();
		const grantId = parsed.data.grant;
		const grant = await db.tx((t) => leave(t, citizen.citizenId, grantId, Date.now()));
		if (!grant)
			return fail(404, { form: 'leave', field: 'grant', error: 'not_found' } satisfies AccessFailure);
		accessChanged(grant.mailboxId, grant.helperId);
		return { done: 'left' as const, owner: grant.ownerName };
	},

	/** The owner shows or hides one company's letters to helpers. */
	sender: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const { parsed } = await formOf(event, senderShownInput);
		if (!parsed.success) return invalidForm('sender', parsed.error);
		const db = await getDatabase();
		const { sender, shown } = parsed.data;
		const changed = await db.tx(async (t) => {
			if (!(await privateSendersOf(t, citizen.mailboxId)).some((s) => s.id === sender)) return null;
			const bumped = await setSenderShown(t, citizen.mailboxId, sender, shown, Date.now());
			if (bumped) await notifyMailbox(citizen.mailboxId, ['letters', 'outgoing'], t);
			return bumped;
		});
		if (changed === null)
			return fail(404, { form: 'sender', field: 'sender', error: 'not_found' } satisfies AccessFailure);
		return { done: shown ? ('shown' as const) : ('hidden' as const) };
	}
};
