// The notice part of the settings page: what it shows (load) and the forms it posts (actions). The route
// file only spreads these in, so the page can move (route groups) without touching this logic.
import { fail, type RequestEvent } from '@sveltejs/kit';
import { getLocale, locales, type Locale } from '$lib/paraglide/runtime';
import { getDb, write } from '$lib/server/db/index';
import { signedInCitizen } from '$lib/server/auth/guard';
import { firstIssue } from '$lib/server/http';
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
function failures(citizenId: string): FailureView[] {
	const db = getDb();
	const rows = db
		.prepare(
			`SELECT channel, target, status, first_failed_at, masked_to FROM notices
			 WHERE citizen_id = ? AND status IN ('sent', 'failed') ORDER BY finished_at DESC LIMIT 200`
		)
		.all(citizenId) as {
		channel: NoticeChannel;
		target: string;
		status: 'sent' | 'failed';
		first_failed_at: number | null;
		masked_to: string | null;
	}[];
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

export function notifySettingsView(citizenId: string): NotifySettingsView {
	const db = getDb();
	const now = Date.now();
	const prefs = readPreferences(db, citizenId, getLocale());
	const view = (channel: ContactChannel): ContactView | null => {
		const contact = contactOf(db, citizenId, channel, now);
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
		email: view('email'),
		sms: view('sms'),
		devices: listDevices(db, citizenId),
		failures: failures(citizenId),
		vapidPublicKey: vapidKeys(db).publicKey
	};
}

// --- form actions ------------------------------------------------------------------------------------

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
	citizenId: string,
	address: string | null
): Promise<ReturnType<typeof result> | ReturnType<typeof failure>> {
	const db = getDb();
	const locale = getLocale() as Locale;
	const now = Date.now();
	const form: NotifyForm = channel === 'email' ? 'email' : 'sms';
	const issued = write(db, () => {
		const outcome = issueConfirmation(db, citizenId, channel, address, now);
		// Giving an address means wanting notices there; they start once it is confirmed.
		if (outcome.ok) setChannel(db, citizenId, channel, true, locale, now);
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
		const citizen = signedInCitizen(event);
		const parsed = preferencesInput(locales).safeParse(await formFields(event));
		if (!parsed.success) {
			const same = parsed.error.issues[0]?.message === QUIET_SAME;
			return same
				? failure(400, { form: 'prefs', field: 'quietTo', error: 'same' })
				: invalidField('prefs', parsed.error);
		}
		const db = getDb();
		write(db, () => savePreferences(db, citizen.citizenId, parsed.data, Date.now()));
		return result({ form: 'prefs', status: 'saved' });
	},
	notifyEmail: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const parsed = emailInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('email', parsed.error);
		return sendConfirmation('email', citizen.citizenId, parsed.data.email);
	},
	notifyEmailResend: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		return sendConfirmation('email', citizen.citizenId, null);
	},
	notifyEmailRemove: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const db = getDb();
		write(db, () => {
			removeContact(db, citizen.citizenId, 'email');
			setChannel(db, citizen.citizenId, 'email', false, getLocale(), Date.now());
		});
		return result({ form: 'email', status: 'removed' });
	},
	notifyPhone: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const parsed = phoneInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('sms', parsed.error);
		return sendConfirmation('sms', citizen.citizenId, parsed.data.phone);
	},
	notifyPhoneResend: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		return sendConfirmation('sms', citizen.citizenId, null);
	},
	notifyPhoneCode: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const parsed = codeInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('sms', parsed.error);
		const db = getDb();
		const checked = write(db, () => checkSmsCode(db, citizen.citizenId, parsed.data.code, Date.now()));
		if (checked.ok) return result({ form: 'sms', status: 'confirmed' });
		if (checked.reason === 'wrong')
			return failure(400, { form: 'sms', field: 'code', error: 'wrong', left: checked.left });
		return failure(400, { form: 'sms', field: 'code', error: checked.reason });
	},
	notifyPhoneRemove: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const db = getDb();
		write(db, () => {
			removeContact(db, citizen.citizenId, 'sms');
			setChannel(db, citizen.citizenId, 'sms', false, getLocale(), Date.now());
		});
		return result({ form: 'sms', status: 'removed' });
	},
	notifyDeviceRemove: async (event: RequestEvent) => {
		const citizen = signedInCitizen(event);
		const parsed = deviceRemoveInput.safeParse(await formFields(event));
		if (!parsed.success) return invalidField('device', parsed.error);
		const db = getDb();
		const removed = write(db, () => removeDevice(db, citizen.citizenId, parsed.data.device));
		if (!removed) return failure(404, { form: 'device', error: 'not_found' });
		return result({ form: 'device', status: 'removed' });
	}
};
