// A citizen's notice preferences: channels on or off, the language of the notices, quiet hours.
import type { Db } from '../db/connection';
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
export function readPreferences(db: Db, citizenId: string, fallbackLocale: string): NotifyPreferences {
	const found = db
		.prepare(
			'SELECT locale, email_on, sms_on, push_on, quiet_start, quiet_end FROM notify_settings WHERE citizen_id = ?'
		)
		.get(citizenId) as SettingsRow | undefined;
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
function ensureRow(db: Db, citizenId: string, locale: string, now: number): void {
	db.prepare(
		'INSERT INTO notify_settings (citizen_id, locale, updated_at) VALUES (?, ?, ?) ON CONFLICT (citizen_id) DO NOTHING'
	).run(citizenId, locale, now);
}

export function savePreferences(db: Db, citizenId: string, prefs: NotifyPreferences, now: number): void {
	ensureRow(db, citizenId, prefs.locale, now);
	db.prepare(
		`UPDATE notify_settings SET locale = ?, email_on = ?, sms_on = ?, push_on = ?, quiet_start = ?, quiet_end = ?,
		 updated_at = ? WHERE citizen_id = ?`
	).run(
		prefs.locale,
		prefs.email ? 1 : 0,
		prefs.sms ? 1 : 0,
		prefs.push ? 1 : 0,
		prefs.quiet?.start ?? null,
		prefs.quiet?.end ?? null,
		now,
		citizenId
	);
	releaseHeldNotices(db, citizenId, now);
}

/** Turns one channel on or off (adding an address or a device turns its channel on; unsubscribe off). */
export function setChannel(
	db: Db,
	citizenId: string,
	channel: NoticeChannel,
	on: boolean,
	locale: string,
	now: number
): void {
	ensureRow(db, citizenId, locale, now);
	const column = { email: 'email_on', sms: 'sms_on', push: 'push_on' }[channel];
	db.prepare(`UPDATE notify_settings SET ${column} = ?, updated_at = ? WHERE citizen_id = ?`).run(
		on ? 1 : 0,
		now,
		citizenId
	);
}
