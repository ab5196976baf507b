// The notice outbox: rows written in the same transaction as the letter they are about, so a crash can
// neither lose a notice nor send one for a letter that was rolled back. The worker (worker.ts) sends them.
// Only relative imports: test fixtures deliver letters through this code outside SvelteKit.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection';
import { earliestDeadline } from '../../mail/deadline';
import type { LetterDocument } from '../../schemas/letter';
import { batchWindowMs, reminderLeadMs } from './config';

export type NoticeChannel = 'email' | 'sms' | 'push';
export type NoticeKind = 'letters' | 'reminder' | 'access';
/** What happened to a someone-you-trust access: the owner hears of a request, the helper of the rest. */
export type AccessEvent = 'requested' | 'started' | 'changed' | 'refused' | 'ended';

// --- waking the worker -------------------------------------------------------------------------------

let wakeListener: (() => void) | null = null;
let wakeScheduled = false;

/** The worker of this process registers here to hear about new notices at once, not at its next poll. */
export function onNoticeQueued(listener: (() => void) | null): void {
	wakeListener = listener;
}

/** Wakes the worker after the current (synchronous) transaction has committed. */
function wakeAfterCommit(): void {
	if (!wakeListener || wakeScheduled) return;
	wakeScheduled = true;
	setImmediate(() => {
		wakeScheduled = false;
		wakeListener?.();
	});
}

// --- queueing ------------------------------------------------------------------------------------------

interface Target {
	channel: NoticeChannel;
	target: string;
}

/** Where this citizen's notices go now: enabled channels with a confirmed contact or a device. */
export function noticeTargets(db: Db, citizenId: string): Target[] {
	const settings = db
		.prepare('SELECT email_on, sms_on, push_on FROM notify_settings WHERE citizen_id = ?')
		.get(citizenId) as { email_on: number; sms_on: number; push_on: number } | undefined;
	if (!settings) return [];
	const confirmed = new Set(
		db
			.prepare('SELECT channel FROM notify_contacts WHERE citizen_id = ? AND confirmed_at IS NOT NULL')
			.pluck()
			.all(citizenId) as string[]
	);
	const targets: Target[] = [];
	if (settings.email_on && confirmed.has('email')) targets.push({ channel: 'email', target: '' });
	if (settings.sms_on && confirmed.has('sms')) targets.push({ channel: 'sms', target: '' });
	if (settings.push_on) {
		const devices = db
			.prepare('SELECT id FROM push_subscriptions WHERE citizen_id = ? ORDER BY created_at')
			.pluck()
			.all(citizenId) as string[];
		for (const id of devices) targets.push({ channel: 'push', target: id });
	}
	return targets;
}

/**
 * Queues a notice about `letterIds` on every channel the citizen has on (call inside a write transaction).
 * Batching: a notice not yet taken by a worker gathers further letters; otherwise the first notice is due
 * at once and a letter within the batch window after the last one gets a follow-up due when it ends.
 */
export function queueNotices(
	db: Db,
	citizenId: string,
	kind: NoticeKind,
	letterIds: readonly string[],
	now: number
): number {
	const window = batchWindowMs();
	const open = db.prepare(
		`SELECT id FROM notices WHERE citizen_id = ? AND kind = ? AND channel = ? AND target = ?
		 AND status = 'pending' AND lease_owner IS NULL ORDER BY due_at DESC LIMIT 1`
	);
	const last = db.prepare(
		`SELECT max(due_at) FROM notices WHERE citizen_id = ? AND kind = ? AND channel = ? AND target = ?
		 AND status IN ('pending', 'sent')`
	);
	const insertNotice = db.prepare(
		`INSERT INTO notices (id, citizen_id, kind, channel, target, status, due_at, created_at)
		 VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`
	);
	const addLetter = db.prepare(
		'INSERT INTO notice_letters (notice_id, letter_id) VALUES (?, ?) ON CONFLICT DO NOTHING'
	);
	let queued = 0;
	for (const { channel, target } of noticeTargets(db, citizenId)) {
		let noticeId = open.pluck().get(citizenId, kind, channel, target) as string | undefined;
		if (!noticeId) {
			const lastDue = last.pluck().get(citizenId, kind, channel, target) as number | null;
			const dueAt = window > 0 && lastDue !== null && lastDue + window > now ? lastDue + window : now;
			noticeId = randomUUID();
			insertNotice.run(noticeId, citizenId, kind, channel, target, dueAt, now);
			queued++;
		}
		for (const letterId of letterIds) addLetter.run(noticeId, letterId);
	}
	if (queued > 0) wakeAfterCommit();
	return queued;
}

/**
 * Queues a notice that an access changed, to `citizenId`, on every channel they have on (call inside the
 * write transaction of the change). Never batched: each change is its own notice, due at once.
 */
export function queueAccessNotice(
	db: Db,
	citizenId: string,
	grantId: string,
	event: AccessEvent,
	now: number
): number {
	const insert = db.prepare(
		`INSERT INTO notices (id, citizen_id, kind, channel, target, status, due_at, created_at, grant_id, access_event)
		 VALUES (?, ?, 'access', ?, ?, 'pending', ?, ?, ?, ?)`
	);
	const targets = noticeTargets(db, citizenId);
	for (const { channel, target } of targets)
		insert.run(randomUUID(), citizenId, channel, target, now, now, grantId, event);
	if (targets.length > 0) wakeAfterCommit();
	return targets.length;
}

/**
 * Notices held back by quiet hours become due now (the citizen changed or ended their quiet hours); the
 * worker checks the new hours when it takes them. Call inside a write transaction.
 */
export function releaseHeldNotices(db: Db, citizenId: string, now: number): number {
	const released = db
		.prepare(
			`UPDATE notices SET due_at = ?, held = 0
			 WHERE citizen_id = ? AND status = 'pending' AND held = 1 AND lease_owner IS NULL`
		)
		.run(now, citizenId).changes;
	if (released > 0) wakeAfterCommit();
	return released;
}

interface LetterForNotice {
	citizen_id: string;
	reply_allowed: number;
	reply_by: string | null;
	documents: string;
}

/**
 * Everything a newly delivered (or newly visible) letter needs: its notices and, when it has a deadline far
 * enough ahead, one reminder. Call inside the transaction that makes the letter visible to the citizen.
 */
export function queueLetterNotices(db: Db, letterId: string, now: number): void {
	const letter = db
		.prepare(
			`SELECT m.citizen_id, l.reply_allowed, l.reply_by, l.documents
			 FROM letters l JOIN mailboxes m ON m.id = l.mailbox_id WHERE l.id = ?`
		)
		.get(letterId) as LetterForNotice | undefined;
	if (!letter) throw new Error(`no letter ${letterId}`);
	queueNotices(db, letter.citizen_id, 'letters', [letterId], now);
	const deadline = earliestDeadline({
		replyAllowed: letter.reply_allowed === 1,
		replyBy: letter.reply_by,
		documents: JSON.parse(letter.documents) as LetterDocument[]
	});
	if (!deadline) return;
	const dueAt = Date.parse(deadline) - reminderLeadMs();
	// A deadline closer than the lead time is covered by the new-post notice itself.
	if (dueAt <= now) return;
	db.prepare(
		'INSERT INTO notice_reminders (letter_id, citizen_id, due_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'
	).run(letterId, letter.citizen_id, dueAt);
}

/**
 * Turns due reminders into notices when their letter is still unread (call inside a write transaction).
 * Each reminder is marked done by one UPDATE first, so two workers never both act on it.
 */
export function releaseDueReminders(db: Db, now: number, limit = 100): number {
	const due = db
		.prepare(
			`SELECT r.letter_id, r.citizen_id, l.read, l.deleted, l.folder FROM notice_reminders r
			 JOIN letters l ON l.id = r.letter_id
			 WHERE r.done_at IS NULL AND r.due_at <= ? ORDER BY r.due_at LIMIT ?`
		)
		.all(now, limit) as {
		letter_id: string;
		citizen_id: string;
		read: number;
		deleted: number;
		folder: string;
	}[];
	const markDone = db.prepare(
		'UPDATE notice_reminders SET done_at = ? WHERE letter_id = ? AND done_at IS NULL'
	);
	let queued = 0;
	for (const reminder of due) {
		if (markDone.run(now, reminder.letter_id).changes !== 1) continue;
		if (reminder.read || reminder.deleted || reminder.folder === 'trash') continue;
		queued += queueNotices(db, reminder.citizen_id, 'reminder', [reminder.letter_id], now);
	}
	return queued;
}

/** When the next reminder falls due (ms), so the worker can sleep until then; null when none waits. */
export function nextReminderAt(db: Db): number | null {
	return db.prepare('SELECT min(due_at) FROM notice_reminders WHERE done_at IS NULL').pluck().get() as
		number | null;
}

/** Finished notices and reminders are kept this long (the settings page shows failures from them). */
export const NOTICE_HISTORY_MS = 90 * 24 * 60 * 60 * 1000;

/** Deletes finished notices and done reminders older than the history (housekeeping; a write transaction). */
export function pruneNotices(db: Db, now: number): number {
	const before = now - NOTICE_HISTORY_MS;
	db.prepare('DELETE FROM notice_reminders WHERE done_at IS NOT NULL AND done_at < ?').run(before);
	return db.prepare("DELETE FROM notices WHERE status <> 'pending' AND finished_at < ?").run(before).changes;
}
