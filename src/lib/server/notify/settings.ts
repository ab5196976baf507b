// A citizen's notice preferences: channels on or off, the language of the notices, quiet hours.
import type { Queryable, Tx } from '../db/engine';
import type { QuietHours } from '../../notify/quiet-hours';
import { releaseHeldNotices, type NoticeChannel } from './outbox';

export interface NotifyPreferences {
	locale: string;
	email: boolean;
	sms: boolean;
	push: boolean;
	quiet: QuietHours | null;
}

interface SettingsRow {
	locale: string;
	email_on: number;
	sms_on: number;
	push_on: number;
	quiet_start: number | null;
	quiet_end: number | null;
}

/** The citizen's preferences; before they chose any, everything off and the given language. */
export async function readPreferences(
	q: Queryable,
	citizenId: string,
	fallbackLocale: string
): Promise<NotifyPreferences> {
	const found = await q.one<SettingsRow>(
		'SELECT locale, email_on, sms_on, push_on, quiet_start, quiet_end FROM notify_settings WHERE citizen_id = $1',
		[citizenId]
	);
	if (!found) return { locale: fallbackLocale, email: false, sms: false, push: false, quiet: null };
	return {
		locale: found.locale,
		email: found.email_on === 1,
		sms: found.sms_on === 1,
		push: found.push_on === 1,
		quiet:
			found.quiet_start !== null && found.quiet_end !== null
				? { start: found.quiet_start, end: found.quiet_end }
				: null
	};
}

/** Creates the preferences row on first use, with the language the citizen is using the app in. */
async function ensureRow(t: Tx, citizenId: string, locale: string, now: number): Promise<void> {
	await t.run(
		'INSERT INTO notify_settings (citizen_id, locale, updated_at) VALUES ($1, $2, $3) ON CONFLICT (citizen_id) DO NOTHING',
		[citizenId, locale, now]
	);
}

export async function savePreferences(
	t: Tx,
	citizenId: string,
	prefs: NotifyPreferences,
	now: number
): Promise<void> {
	await ensureRow(t, citizenId, prefs.locale, now);
	await t.run(
		`UPDATE notify_settings SET locale = $1, email_on = $2, sms_on = $3, push_on = $4, quiet_start = $5, quiet_end = $6,
		 updated_at = $7 WHERE citizen_id = $8`,
		[
			prefs.locale,
			prefs.email,
			prefs.sms,
			prefs.push,
			prefs.quiet?.start ?? null,
			prefs.quiet?.end ?? null,
			now,
			citizenId
		]
	);
	await releaseHeldNotices(t, citizenId, now);
}

/** Turns one channel on or off (adding an address or a device turns its channel on; unsubscribe off). */
export async function setChannel(
	t: Tx,
	citizenId: string,
	channel: NoticeChannel,
	on: boolean,
	locale: string,
	now: number
): Promise<void> {
	await ensureRow(t, citizenId, locale, now);
	const column = { email: 'email_on', sms: 'sms_on', push: 'push_on' }[channel];
	await t.run(`UPDATE notify_settings SET ${column} = $1, updated_at = $2 WHERE citizen_id = $3`, [
		on,
		now,
		citizenId
	]);
}
