/** Deadlines and the trash clock, as plain functions of "now" so they are easy to test. */

export type DeadlineState = 'passed' | 'soon' | 'later';

const DAY = 24 * 60 * 60 * 1000;
export const SOON_DAYS = 7;
/** A deadline that passed longer ago than this is history, not news: lists stop flagging it. */
export const PASSED_DEADLINE_DAYS = 30;

export function deadlineState(deadline: string | number, now: number = Date.now()): DeadlineState {
	const at = typeof deadline === 'number' ? deadline : Date.parse(deadline);
	if (at < now) return 'passed';
	if (at - now <= SOON_DAYS * DAY) return 'soon';
	return 'later';
}

/** What a letter's deadline is made of: its reply-by date and the "by" dates of its actions. */
export interface DeadlineSource {
	replyAllowed: boolean;
	replyBy: string | null;
	documents: readonly { actions: readonly { endDateTime?: string | undefined }[] }[];
}

/** The earliest deadline in a letter (reply by, or an action's "by" date), ISO; null when none. */
export function earliestDeadline(letter: DeadlineSource): string | null {
	let deadline: string | null = letter.replyAllowed ? letter.replyBy : null;
	for (const document of letter.documents) {
		for (const action of document.actions) {
			if (action.endDateTime && (!deadline || Date.parse(action.endDateTime) < Date.parse(deadline))) {
				deadline = action.endDateTime;
			}
		}
	}
	return deadline;
}

/**
 * What a list shows for a letter's deadline: soon or recently passed. A deadline that passed long ago is
 * history, not news, so old letters do not carry a warning forever.
 */
export function listDeadline(deadline: string | null, now: number = Date.now()): DeadlineState | null {
	if (!deadline) return null;
	const state = deadlineState(deadline, now);
	if (state === 'later') return null;
	if (state === 'passed' && now - Date.parse(deadline) > PASSED_DEADLINE_DAYS * DAY) return null;
	return state;
}

/** A reply is possible when the sender allows one and its deadline (if any) has not passed. */
export function canReply(
	letter: { replyAllowed: boolean; replyBy: string | null },
	now: number = Date.now()
): boolean {
	if (!letter.replyAllowed) return false;
	return letter.replyBy === null || Date.parse(letter.replyBy) >= now;
}

/** When the server deletes a letter for good: `retentionDays` (the server's setting) after it was trashed. */
export function purgeDate(trashedAt: number, retentionDays: number): number {
	return trashedAt + retentionDays * DAY;
}
