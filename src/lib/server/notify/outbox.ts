// The notice outbox: rows written in the same transaction as the letter they are about, so a crash can
// neither lose a notice nor send one for a letter that was rolled back. The worker (worker.ts) sends them.
// Only relative imports: test fixtures deliver letters through this code outside SvelteKit.
import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../db/engine';
import { claimRows } from '../db/claim';
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

/**
 * Wakes this process's worker once the transaction has committed (other processes' workers find the notice
 * at their next timer).
 */
function wakeAfterCommit(t: Tx): void {
	t.afterCommit(() => {
		if (!wakeListener || wakeScheduled) return;
		wakeScheduled = true;
		setImmediate(() => {
			wakeScheduled = false;
			wakeListener?.();
		});
	});
}

// --- queueing ------------------------------------------------------------------------------------------

interface Target {
	channel: NoticeChannel;
	target: string;
}

/** Where this citizen's notices go now: enabled channels with a confirmed contact or a device. */
export async function noticeTargets(q: Queryable, citizenId: string): Promise<Target[]> {
	const settings = await q.one<{ email_on: number; sms_on: number; push_on: number }>(
		'SELECT email_on, sms_on, push_on FROM notify_settings WHERE citizen_id = $1',
		[citizenId]
	);
	if (!settings) return [];
	const confirmed = new Set(
		(
			await q.all<{ channel: string }>(
				'SELECT channel FROM notify_contacts WHERE citizen_id = $1 AND confirmed_at IS NOT NULL',
				[citizenId]
			)
		).map((r) => r.channel)
	);
	const targets: Target[] = [];
	if (settings.email_on && confirmed.has('email')) targets.push({ channel: 'email', target: '' });
	if (settings.sms_on && confirmed.has('sms')) targets.push({ channel: 'sms', target: '' });
	if (settings.push_on) {
		const devices = await q.all<{ id: string }>(
			'SELECT id FROM push_subscriptions WHERE citizen_id = $1 ORDER BY created_at, id',
			[citizenId]
		);
		for (const { id } of devices) targets.push({ channel: 'push', target: id });
	}
	return targets;
}

/**
 * Queues a notice about `letterIds` on every channel the citizen has on, inside the caller's transaction
 * (which holds the citizen's mailbox row lock when it wrote a letter: two deliveries to one citizen then
 * cannot both find "no open notice"). Batching: a notice not yet taken by a worker gathers further letters;
 * otherwise the first notice is due at once and a letter within the batch window after the last one gets a
 * follow-up due when it ends.
 */
export async function queueNotices(
	t: Tx,
	citizenId: string,
	kind: NoticeKind,
	letterIds: readonly string[],
	now: number
): Promise<number> {
	const window = batchWindowMs();
	let queued = 0;
	for (const { channel, target } of await noticeTargets(t, citizenId)) {
		let noticeId = await t.value<string>(
			`SELECT id FROM notices WHERE citizen_id = $1 AND kind = $2 AND channel = $3 AND target = $4
			 AND status = 'pending' AND lease_owner IS NULL ORDER BY due_at DESC, id LIMIT 1`,
			[citizenId, kind, channel, target]
		);
		if (!noticeId) {
			const lastDue =
				(await t.value<number | null>(
					`SELECT max(due_at) FROM notices WHERE citizen_id = $1 AND kind = $2 AND channel = $3 AND target = $4
					 AND status IN ('pending', 'sent')`,
					[citizenId, kind, channel, target]
				)) ?? null;
			const dueAt = window > 0 && lastDue !== null && lastDue + window > now ? lastDue + window : now;
			noticeId = randomUUID();
			await t.run(
				`INSERT INTO notices (id, citizen_id, kind, channel, target, status, due_at, created_at)
				 VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
				[noticeId, citizenId, kind, channel, target, dueAt, now]
			);
			queued++;
		}
		for (const letterId of letterIds)
			await t.run(
				'INSERT INTO notice_letters (notice_id, letter_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
				[noticeId, letterId]
			);
	}
	if (queued > 0) wakeAfterCommit(t);
	return queued;
}

/**
 * Queues a notice that an access changed, to `citizenId`, on every channel they have on (call inside the
 * write transaction of the change). Never batched: each change is its own notice, due at once.
 */
export async function queueAccessNotice(
	t: Tx,
	citizenId: string,
	grantId: string,
	event: AccessEvent,
	now: number
): Promise<number> {
	const targets = await noticeTargets(t, citizenId);
	for (const { channel, target } of targets) {
		await t.run(
			`INSERT INTO notices (id, citizen_id, kind, channel, target, status, due_at, created_at, grant_id, access_event)
			 VALUES ($1, $2, 'access', $3, $4, 'pending', $5, $5, $6, $7)`,
			[randomUUID(), citizenId, channel, target, now, grantId, event]
		);
	}
	if (targets.length > 0) wakeAfterCommit(t);
	return targets.length;
}

/**
 * Notices held back by quiet hours become due now (the citizen changed or ended their quiet hours); the
 * worker checks the new hours when it takes them.
 */
export async function releaseHeldNotices(t: Tx, citizenId: string, now: number): Promise<number> {
	const released = await t.run(
		`UPDATE notices SET due_at = $1, held = FALSE
		 WHERE citizen_id = $2 AND status = 'pending' AND held = TRUE AND lease_owner IS NULL`,
		[now, citizenId]
	);
	if (released > 0) wakeAfterCommit(t);
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
export async function queueLetterNotices(t: Tx, letterId: string, now: number): Promise<void> {
	const letter = await t.one<LetterForNotice>(
		`SELECT m.citizen_id, l.reply_allowed, l.reply_by, l.documents
		 FROM letters l JOIN mailboxes m ON m.id = l.mailbox_id WHERE l.id = $1`,
		[letterId]
	);
	if (!letter) throw new Error(`no letter ${letterId}`);
	await queueNotices(t, letter.citizen_id, 'letters', [letterId], now);
	const deadline = earliestDeadline({
		replyAllowed: letter.reply_allowed === 1,
		replyBy: letter.reply_by,
		documents: JSON.parse(letter.documents) as LetterDocument[]
	});
	if (!deadline) return;
	const dueAt = Date.parse(deadline) - reminderLeadMs();
	// A deadline closer than the lead time is covered by the new-post notice itself.
	if (dueAt <= now) return;
	await t.run(
		'INSERT INTO notice_reminders (letter_id, citizen_id, due_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
		[letterId, letter.citizen_id, dueAt]
	);
}

/**
 * Turns due reminders into notices when their letter is still unread. The due reminders are claimed
 * (FOR UPDATE SKIP LOCKED) and marked done in the same transaction, so two workers never both act on one.
 */
export async function releaseDueReminders(t: Tx, now: number, limit = 100): Promise<number> {
	const due = await claimRows<{ letter_id: string; citizen_id: string }>(t, {
		table: 'notice_reminders',
		columns: 'letter_id, citizen_id',
		where: 'done_at IS NULL AND due_at <= $1',
		params: [now],
		orderBy: 'due_at, letter_id',
		limit
	});
	let queued = 0;
	for (const reminder of due) {
		await t.run('UPDATE notice_reminders SET done_at = $1 WHERE letter_id = $2', [now, reminder.letter_id]);
		const letter = await t.one<{ read: number; deleted: number; folder: string }>(
			'SELECT read, deleted, folder FROM letters WHERE id = $1',
			[reminder.letter_id]
		);
		if (!letter || letter.read || letter.deleted || letter.folder === 'trash') continue;
		queued += await queueNotices(t, reminder.citizen_id, 'reminder', [reminder.letter_id], now);
	}
	return queued;
}

/** When the next reminder falls due (ms), so the worker can sleep until then; null when none waits. */
export async function nextReminderAt(q: Queryable): Promise<number | null> {
	return (
		(await q.value<number | null>('SELECT min(due_at) FROM notice_reminders WHERE done_at IS NULL')) ?? null
	);
}

/** Finished notices and reminders are kept this long (the settings page shows failures from them). */
export const NOTICE_HISTORY_MS = 90 * 24 * 60 * 60 * 1000;

/** Deletes finished notices and done reminders older than the history (housekeeping; a write transaction). */
export async function pruneNotices(t: Tx, now: number): Promise<number> {
	const before = now - NOTICE_HISTORY_MS;
	await t.run('DELETE FROM notice_reminders WHERE done_at IS NOT NULL AND done_at < $1', [before]);
	return t.run("DELETE FROM notices WHERE status <> 'pending' AND finished_at < $1", [before]);
}
