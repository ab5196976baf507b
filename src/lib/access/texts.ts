import { m } from '$lib/paraglide/messages';
import type { AccessLevel, HistoryAction } from '$lib/schemas/access';

/** An access level in the reader's language. */
export function levelText(level: AccessLevel): string {
	return level === 'read' ? m.access_level_read() : m.access_level_read_write();
}

const history: Record<HistoryAction, () => string> = {
	requested: m.access_history_requested,
	granted: m.access_history_granted,
	approved: m.access_history_approved,
	refused: m.access_history_refused,
	level_changed: m.access_history_level_changed,
	ended: m.access_history_ended,
	expired: m.access_history_expired,
	opened: m.access_history_opened,
	read: m.access_history_read,
	unread: m.access_history_unread,
	moved: m.access_history_moved,
	trashed: m.access_history_trashed,
	restored: m.access_history_restored,
	file_opened: m.access_history_file_opened,
	folder_created: m.access_history_folder_created,
	folder_renamed: m.access_history_folder_renamed,
	folder_deleted: m.access_history_folder_deleted,
	sent: m.access_history_sent,
	notify_changed: m.access_history_notify_changed
};

/** What a history entry says the helper did, in the owner's language. */
export function historyText(action: HistoryAction): string {
	return history[action]();
}

/** The words of a refused access form (its error code). */
export function accessErrorText(error: string): string {
	switch (error) {
		case 'not_found':
			return m.access_error_not_found();
		case 'self':
			return m.access_error_self();
		case 'exists':
			return m.access_error_exists();
		case 'past':
			return m.access_error_past();
		default:
			return m.access_error_invalid();
	}
}
