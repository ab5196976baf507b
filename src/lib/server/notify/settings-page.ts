// The notice part of the settings page: what it shows (load) and the forms it posts (actions). The route
// file only spreads these in, so the page can move (route groups) without touching this logic.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { getLocale, locales, type Locale } from '$lib/paraglide/runtime';
import { getDatabase } from '$lib/server/db/index';
import { signedInCitizen } from '$lib/server/auth/guard';
import { firstIssue } from '$lib/server/http';
import type { Tx } from '$lib/server/db/index';
import { reachMailbox } from '$lib/server/access/mailbox';
import { recordHistory } from '$lib/server/access/history';
import {
	codeInput,
	deviceRemoveInput,
	emailInput,
	phoneInput,
	preferencesInput,
	QUIET_SAME
} from '$lib/schemas/notify';
import { formatClock } from '$lib/notify/quiet-hours';
import type { DanishMobile } from '$lib/notify/contacts';
import { checkSmsCode, contactOf, issueConfirmation, removeContact, type ContactChannel } from './contacts';
import { readPreferences, savePreferences, setChannel } from './settings';
import { listDevices, removeDevice } from './devices';
import { vapidKeys } from './keys';
import { sendConfirmationCode, sendConfirmationEmail } from './service';
import type { NoticeChannel } from './outbox';
import type {
	ContactView,
	FailureView,
	NotifyForm,
	NotifyResult,
	NotifySettingsView
} from '$lib/notify/settings-view';
import type { z } from 'zod';

/** Channels that have failed since their last success: "We could not send an SMS to … since …". */
async function failures(citizenId: string): Promise<FailureView[]> {
	const db = await getDatabase();
	const rows = await db.all<{
		channel: NoticeChannel;
		target: string;
		status: 'sent' | 'failed';
		first_failed_at: number | null;
		masked_to: string | null;
	}>(
		`SELECT channel, target, status, first_failed_at, masked_to FROM notices
		 WHERE citizen_id = $1 AND status IN ('sent', 'failed') ORDER BY finished_at DESC, id LIMIT 200`,
		[citizenId]
	);
	const settled = new Set<string>();
	const open = new Map<string, FailureView>();
	for (const row of rows) {
		const key = `${row.channel}:${row.target}`;
		if (settled.has(key)) continue;
		if (row.status === 'sent') {
			settled.add(key);
			continue;
		}
		const since = row.first_failed_at ?? Date.now();
		const seen = open.get(key);
		if (seen) seen.since = Math.min(seen.since, since);
		else open.set(key, { channel: row.channel, to: row.masked_to ?? '', since });
	}
	return [...open.values()];
}

/** "+45 12 34 56 78" */
function formatPhone(msisdn: string): string {
	const digits = msisdn.replace(/\D/g, '').slice(-8);
	return `+45 ${digits.replace(/(\d{2})(?=\d)/g, '$1 ')}`;
}

export async function notifySettingsView(citizenId: string): Promise<NotifySettingsView> {
	const db = await getDatabase();
	const now = Date.now();
	const prefs = await readPreferences(db, citizenId, getLocale());
	const view = async (channel: ContactChannel): Promise<ContactView | null> => {
		const contact = await contactOf(db, citizenId, channel, now);
		if (!contact) return null;
		return {
			address: channel === 'sms' ? formatPhone(contact.address) : contact.address,
			confirmed: contact.confirmedAt !== null,
			pending: contact.pending
		};
	};
	return {
		prefs: {
			email: prefs.email,
			sms: prefs.sms,
			push: prefs.push,
			locale: prefs.locale,
			quiet: prefs.quiet !== null,
			quietFrom: formatClock(prefs.quiet?.start ?? 22 * 60),
			quietTo: formatClock(prefs.quiet?.end ?? 7 * 60)
		},
		email: await view('email'),
		sms: await view('sms'),
		devices: await listDevices(db, citizenId),
		failures: await failures(citizenId),
		vapidPublicKey: (await vapidKeys(db)).publicKey
	};
}

// --- form actions ------------------------------------------------------------------------------------

/** Whose notice settings an action changes, and how to note it in the owner's history (inside its write). */
interface Holder {
	citizenId: string;
	note(t: Tx, now: number): Promise<void>;
}

/**
 * The signed-in citizen's own settings, or with `?mailbox=<id>` the owner's: only a helper with read and write
 * access may change those (access/rules.ts `notify_contact`), and the change goes to the owner's history.
 */
async function holderOf(event: RequestEvent): Promise<Holder> {
	const citizen = signedInCitizen(event);
	if (event.url.searchParams.get('mailbox') === null)
		return { citizenId: citizen.citizenId, note: async () => {} };
	const db = await getDatabase();
	const reach = await reachMailbox(db, event, 'notify_contact');
	// The message names what is not allowed ("Read access does not allow changing the owner's notice settings.").
	if (!reach.ok) error(reach.response.status, reach.message);
	const { right } = reach.reached;
	const grant = right.grant;
	const ownerId = (await db.value<string>('SELECT citizen_id FROM mailboxes WHERE id = $1', [
		right.mailboxId
	]))!;
	return {
		citizenId: ownerId,
		async note(t, now) {
			if (grant)
				await recordHistory(
					t,
					{ mailboxId: right.mailboxId, helperId: grant.helperId, action: 'notify_changed' },
					now
				);
		}
	};
}

const result = (value: NotifyResult) => ({ notify: value });
const failure = (status: number, value: NotifyResult) => fail(status, { notify: value });

async function formFields(event: RequestEvent): Promise<Record<string, string>> {
	const form = await event.request.formData();
	const fields: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') fields[key] = value;
	return fields;
}

function invalidField(form: NotifyForm, error: z.ZodError) {
	const { field } = firstIssue(error);
	return failure(400, { form, field, error: 'invalid' });
}

async function sendConfirmation(
	channel: ContactChannel,
	holder: Holder,
	address: string | null
): Promise<ReturnType<typeof result> | ReturnType<typeof failure>> {
	const citizenId = holder.citizenId;
	const db = await getDatabase();
	const locale = getLocale() as Locale;
	const now = Date.now();
	const form: NotifyForm = channel === 'email' ? 'email' : 'sms';
	const issued = await db.tx(async (t) => {
		const outcome = await issueConfirmation(t, citizenId, channel, address, now);
		// Giving an address means wanting notices there; they start once it is confirmed.
		if (outcome.ok) {
			await setChannel(t, citizenId, channel, true, locale, now);
			await holder.note(t, now);
		}
		return outcome;
	});
	if (!issued.ok) {
		if (issued.reason === 'rate_limited')
			return failure(429, { form, error: 'rate_limited', retryAt: issued.retryAt });
		if (issued.reason === 'already_confirmed') return result({ form, status: 'already_confirmed' });
		return failure(400, { form, error: 'nothing_to_confirm' });
	}
	const sent =
		channel === 'email'
			? await sendConfirmationEmail(db, issued.address, issued.secret, locale)
			: await sendConfirmationCode(db, issued.address as DanishMobile, issued.secret, locale);
	if (!sent.ok) {
		console.error(`notify: could not send a ${channel} confirmation: ${sent.error}`);
		return failure(503, { form, error: 'send_failed' });
	}
	return result({
		form,
		status: 'sent',
		address: channel === 'sms' ? formatPhone(issued.address) : issued.address
	});
}

export const notifyActions = {
	notifyPrefs: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		const parsed = preferencesInput(locales).safeParse(await formFields(event));
		if (!parsed.success) {
			const same = parsed.error.issues[0]?.message === QUIET_SAME;
			return same
				? failure(400, { form: 'prefs', field: 'quietTo', error: 'same' })
				: invalidField('prefs', parsed.error);
		}
		const db = await getDatabase();
		const prefs = parsed.data;
		await db.tx(async (t) => {
			const now = Date.now();
			await savePreferences(t, holder.citizenId, prefs, now);
			await holder.note(t, now);
		});
		return result({ form: 'prefs', status: 'saved' });
	},
	notifyEmail: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		const parsed = emailInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('email', parsed.error);
		return sendConfirmation('email', holder, parsed.data.email);
	},
	notifyEmailResend: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		return sendConfirmation('email', holder, null);
	},
	notifyEmailRemove: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		const db = await getDatabase();
		const locale = getLocale();
		await db.tx(async (t) => {
			const now = Date.now();
			await removeContact(t, holder.citizenId, 'email');
			await setChannel(t, holder.citizenId, 'email', false, locale, now);
			await holder.note(t, now);
		});
		return result({ form: 'email', status: 'removed' });
	},
	notifyPhone: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		const parsed = phoneInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('sms', parsed.error);
		return sendConfirmation('sms', holder, parsed.data.phone);
	},
	notifyPhoneResend: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		return sendConfirmation('sms', holder, null);
	},
	notifyPhoneCode: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		const parsed = codeInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('sms', parsed.error);
		const db = await getDatabase();
		const code = parsed.data.code;
		const checked = await db.tx(async (t) => {
			const now = Date.now();
			const outcome = await checkSmsCode(t, holder.citizenId, code, now);
			if (outcome.ok) await holder.note(t, now);
			return outcome;
		});
		if (checked.ok) return result({ form: 'sms', status: 'confirmed' });
		if (checked.reason === 'wrong')
			return failure(400, { form: 'sms', field: 'code', error: 'wrong', left: checked.left });
		return failure(400, { form: 'sms', field: 'code', error: checked.reason });
	},
	notifyPhoneRemove: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		const db = await getDatabase();
		const locale = getLocale();
		await db.tx(async (t) => {
			const now = Date.now();
			await removeContact(t, holder.citizenId, 'sms');
			await setChannel(t, holder.citizenId, 'sms', false, locale, now);
			await holder.note(t, now);
		});
		return result({ form: 'sms', status: 'removed' });
	},
	notifyDeviceRemove: async (event: RequestEvent) => {
		const holder = await holderOf(event);
		const parsed = deviceRemoveInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('device', parsed.error);
		const db = await getDatabase();
		const device = parsed.data.device;
		const removed = await db.tx(async (t) => {
			const done = await removeDevice(t, holder.citizenId, device);
			if (done) await holder.note(t, Date.now());
			return done;
		});
		if (!removed) return failure(404, { form: 'device', error: 'not_found' });
		return result({ form: 'device', status: 'removed' });
	}
};
