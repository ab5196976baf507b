// The notice worker: claims due notices from the outbox, sends them and records the result.
//
// Claiming leases due rows without a live lease (db/claim.ts leaseRows: FOR UPDATE SKIP LOCKED on
// PostgreSQL) by stamping this worker's id and a lease end; every later write checks the stamp
// (finishLease). So two workers (processes) never send the same notice, and a notice whose worker died is
// taken again once its lease ends: at least once, with the notice id as idempotency key (e-mail
// Message-ID, SMS reference, push Topic).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/engine';
import { finishLease, leaseRows } from '../db/claim';
import { earliestDeadline } from '../../mail/deadline';
import type { LetterDocument } from '../../schemas/letter';
import { isQuiet, quietUntil } from '../../notify/quiet-hours';
import { maskEmail, maskPhone, type DanishMobile } from '../../notify/contacts';
import { isLocale } from '../../i18n/locales';
import type { Locale } from '../../paraglide/runtime.js';
import * as config from './config';
import {
	nextReminderAt,
	onNoticeQueued,
	releaseDueReminders,
	type AccessEvent,
	type NoticeChannel,
	type NoticeKind
} from './outbox';
import type { AccessLevel } from '../../schemas/access';
import { readPreferences } from './settings';
import { unsubscribeToken } from './contacts';
import { forgetDevice } from './devices';
import { noticeEmail, pushNotice, smsText, type NoticeContent, type NoticeLetter } from './render';
import { nextAttemptAt } from './retry';
import type { Channels } from './channels/index';
import type { SendResult } from './channels/types';

export interface ClaimedNotice {
	id: string;
	citizen_id: string;
	kind: NoticeKind;
	channel: NoticeChannel;
	target: string;
	attempts: number;
	first_failed_at: number | null;
}

export interface WorkerOptions {
	batchSize: number;
	concurrency: number;
	leaseMs: number;
	pollMs: number;
	retryFirstMs: number;
	giveUpMs: number;
	origin: string;
	log: (line: string) => void;
	now: () => number;
}

export function defaultWorkerOptions(): WorkerOptions {
	return {
		// Each lane claims this many at a time: few, so a slow send holds back little.
		batchSize: 4,
		concurrency: config.concurrency(),
		leaseMs: config.leaseMs(),
		pollMs: config.pollMs(),
		retryFirstMs: config.retryFirstMs(),
		giveUpMs: config.giveUpMs(),
		origin: config.appOrigin(),
		log: (line) => console.log(line),
		now: Date.now
	};
}

/** Takes up to `limit` due notices for `owner` until `now + leaseMs`. */
export function claimDue(
	db: Database,
	owner: string,
	now: number,
	leaseMs: number,
	limit: number
): Promise<ClaimedNotice[]> {
	return leaseRows<ClaimedNotice>(db, {
		table: 'notices',
		where: "status = 'pending' AND due_at <= $1",
		params: [now],
		orderBy: 'due_at, id',
		limit,
		worker: owner,
		leaseMs,
		now
	});
}

/** When the next pending notice falls due, or null when none waits. */
async function nextDueAt(q: Queryable): Promise<number | null> {
	return (
		(await q.value<number | null>(
			`SELECT min(CASE WHEN lease_until > due_at THEN lease_until ELSE due_at END)
			 FROM notices WHERE status = 'pending'`
		)) ?? null
	);
}

interface LetterRow {
	sender_name: string;
	notification: string;
	legal_notification: number;
	reply_allowed: number;
	reply_by: string | null;
	documents: string;
	read: number;
	deleted: number;
	folder: string;
}

/**
 * What an access notice is about, or why it is no longer worth sending: a request the owner already
 * answered, or a start or change of an access that has ended since.
 */
async function accessNoticeAbout(
	q: Queryable,
	noticeId: string
): Promise<{ event: AccessEvent; level: AccessLevel } | string> {
	const row = await q.one<{ access_event: AccessEvent; status: string; level: AccessLevel }>(
		`SELECT n.access_event, g.status, g.level FROM notices n JOIN access_grants g ON g.id = n.grant_id
		 WHERE n.id = $1`,
		[noticeId]
	);
	if (!row) return 'access removed';
	if (row.access_event === 'requested' && row.status !== 'requested') return 'request already answered';
	if ((row.access_event === 'started' || row.access_event === 'changed') && row.status !== 'active')
		return 'access already ended';
	return { event: row.access_event, level: row.level };
}

type Outcome =
	| { status: 'sent'; to: string }
	| { status: 'dropped'; reason: string }
	| { status: 'failed'; error: string; to: string }
	| { status: 'retry'; error: string; to: string }
	| { status: 'wait'; until: number };

export class NoticeWorker {
	readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private running: Promise<unknown> | undefined;
	private again = false;
	private stopped = true;

	constructor(
		private readonly db: Database,
		private readonly channels: Channels,
		private readonly options: WorkerOptions = defaultWorkerOptions()
	) {}

	start(): void {
		this.stopped = false;
		onNoticeQueued(() => this.wake());
		this.schedule(0);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		onNoticeQueued(null);
		clearTimeout(this.timer);
		await this.running;
	}

	/** Runs a round now (a new notice was queued); a round already running goes round once more. */
	wake(): void {
		if (this.stopped) return;
		if (this.running) this.again = true;
		else this.schedule(0);
	}

	private schedule(delay: number): void {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.running = this.cycle().finally(() => {
				this.running = undefined;
			});
		}, delay);
		this.timer.unref();
	}

	private async cycle(): Promise<void> {
		await this.round();
		const sleep = await this.sleepMs().catch(() => this.options.pollMs);
		if (this.stopped) return;
		this.schedule(this.again ? 0 : sleep);
		this.again = false;
	}

	/** Sleep until the next notice or reminder is due, but never longer than the poll interval. */
	private async sleepMs(): Promise<number> {
		const now = this.options.now();
		const next = [await nextDueAt(this.db), await nextReminderAt(this.db)].filter(
			(t): t is number => t !== null
		);
		const until = next.length ? Math.min(...next) - now : this.options.pollMs;
		return Math.max(0, Math.min(until, this.options.pollMs));
	}

	/**
	 * One round: due reminders become notices, then `concurrency` lanes each claim a few due notices at a time
	 * and send them, until none is left (no lane waits for another's slow send).
	 */
	async round(): Promise<number> {
		let handled = 0;
		const { db, owner, options } = this;
		const lane = async () => {
			while (!this.stopped) {
				const claimed = await claimDue(db, owner, options.now(), options.leaseMs, options.batchSize);
				if (claimed.length === 0) return;
				for (const notice of claimed) {
					await this.handle(notice);
					handled++;
					// Let waiting HTTP requests (the sender API) go first: a notice can wait a moment.
					await new Promise((resolve) => setImmediate(resolve));
				}
			}
		};
		try {
			await db.tx((t) => releaseDueReminders(t, options.now()));
			await Promise.all(Array.from({ length: options.concurrency }, lane));
		} catch (error) {
			// A round that fails (e.g. the database is busy) must not stop the worker: the next poll tries again.
			options.log(`notify: worker round failed: ${error instanceof Error ? error.message : String(error)}`);
		}
		return handled;
	}

	private async handle(notice: ClaimedNotice): Promise<void> {
		let outcome: Outcome;
		try {
			outcome = await this.attempt(notice);
		} catch (error) {
			outcome = { status: 'retry', error: error instanceof Error ? error.message : String(error), to: '' };
		}
		await this.record(notice, outcome);
	}

	/** Reads what the notice is about and whom it goes to, drops what is no longer wanted, sends the rest. */
	private async attempt(notice: ClaimedNotice): Promise<Outcome> {
		const { db, options } = this;
		const now = options.now();
		const prefs = await readPreferences(db, notice.citizen_id, 'da');
		const on = { email: prefs.email, sms: prefs.sms, push: prefs.push }[notice.channel];
		if (!on) return { status: 'dropped', reason: 'channel turned off' };

		if (notice.kind === 'access') {
			const about = await accessNoticeAbout(db, notice.id);
			if (typeof about === 'string') return { status: 'dropped', reason: about };
			if (notice.channel !== 'email' && isQuiet(now, prefs.quiet)) {
				return { status: 'wait', until: quietUntil(now, prefs.quiet) };
			}
			const locale: Locale = isLocale(prefs.locale) ? prefs.locale : 'da';
			return this.deliver(notice, { kind: 'access', locale, ...about }, `access notice (${about.event})`);
		}

		const letters = await db.all<LetterRow>(
			`SELECT l.sender_name, l.notification, l.legal_notification, l.reply_allowed, l.reply_by, l.documents,
			 l.read, l.deleted, l.folder
			 FROM notice_letters nl JOIN letters l ON l.id = nl.letter_id
			 WHERE nl.notice_id = $1 ORDER BY l.received_at, l.id`,
			[notice.id]
		);
		// Letters read (on any device), deleted or binned before the notice goes out are left out of it.
		const unread = letters.filter((l) => !l.read && !l.deleted && l.folder !== 'trash');
		if (unread.length === 0) return { status: 'dropped', reason: 'letters already read' };

		if (notice.channel !== 'email' && isQuiet(now, prefs.quiet)) {
			return { status: 'wait', until: quietUntil(now, prefs.quiet) };
		}

		const locale: Locale = isLocale(prefs.locale) ? prefs.locale : 'da';
		const content: NoticeContent = {
			kind: notice.kind,
			locale,
			letters: unread.map((l): NoticeLetter => ({
				senderName: l.sender_name,
				notification: l.notification,
				legal: l.legal_notification === 1,
				// Only reminders name a deadline; parsing every letter's documents for the others is waste.
				deadline:
					notice.kind === 'reminder'
						? earliestDeadline({
								replyAllowed: l.reply_allowed === 1,
								replyBy: l.reply_by,
								documents: JSON.parse(l.documents) as LetterDocument[]
							})
						: null
			}))
		};
		const purpose = `${notice.kind === 'reminder' ? 'deadline reminder' : 'new-post notice'}, ${unread.length} letter${unread.length === 1 ? '' : 's'}`;
		return this.deliver(notice, content, purpose);
	}

	/** Sends the notice's content on its channel, to its device or confirmed contact. */
	private async deliver(notice: ClaimedNotice, content: NoticeContent, purpose: string): Promise<Outcome> {
		const { db, options } = this;
		const { locale } = content;
		if (notice.channel === 'push') {
			const device = await db.one<{ endpoint: string; p256dh: string; auth: string; name: string }>(
				'SELECT endpoint, p256dh, auth, name FROM push_subscriptions WHERE id = $1 AND citizen_id = $2',
				[notice.target, notice.citizen_id]
			);
			if (!device) return { status: 'dropped', reason: 'device removed' };
			const result = await this.channels.push.send(
				device,
				JSON.stringify(pushNotice(content)),
				notice.id.replace(/-/g, '')
			);
			if (!result.ok && result.gone) {
				await forgetDevice(db, notice.target);
				return { status: 'dropped', reason: `device gone (${result.error})` };
			}
			return this.outcome(result, device.name);
		}

		const contact = await db.value<string>(
			'SELECT address FROM notify_contacts WHERE citizen_id = $1 AND channel = $2 AND confirmed_at IS NOT NULL',
			[notice.citizen_id, notice.channel]
		);
		if (!contact) return { status: 'dropped', reason: 'no confirmed address' };

		if (notice.channel === 'sms') {
			const to = contact as DanishMobile;
			const result = await this.channels.sms.send({
				to,
				text: smsText(content, options.origin),
				reference: notice.id,
				purpose
			});
			return this.outcome(result, maskPhone(to));
		}

		const token = await unsubscribeToken(db, notice.citizen_id, contact);
		const oneClick = `${options.origin}/api/v1/notify/unsubscribe?t=${encodeURIComponent(token)}`;
		const page = `${options.origin}${locale === 'da' ? '' : `/${locale}`}/notify/unsubscribe?t=${encodeURIComponent(token)}`;
		const mail = noticeEmail(content, options.origin, page);
		const result = await this.channels.email.send({
			to: contact,
			from: config.mailFrom(),
			...mail,
			messageId: `<${notice.id}@${new URL(options.origin).hostname}>`,
			headers: {
				'List-Unsubscribe': `<${oneClick}>`,
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
				'Auto-Submitted': 'auto-generated'
			},
			purpose
		});
		return this.outcome(result, maskEmail(contact));
	}

	private outcome(result: SendResult, to: string): Outcome {
		if (result.ok) return { status: 'sent', to };
		return result.retry
			? { status: 'retry', error: result.error, to }
			: { status: 'failed', error: result.error, to };
	}

	/** Writes the outcome, only while this worker still holds the notice's lease. */
	private async record(notice: ClaimedNotice, outcome: Outcome): Promise<void> {
		const { db, options, owner } = this;
		const now = options.now();
		await db.tx(async (t) => {
			switch (outcome.status) {
				case 'sent': {
					const mine = await finishLease(
						t,
						`UPDATE notices SET status = 'sent', finished_at = $1, masked_to = $2, lease_owner = NULL,
						 lease_until = NULL, attempts = attempts + 1 WHERE id = $3 AND lease_owner = $4`,
						[now, outcome.to, notice.id],
						owner
					);
					if (mine && notice.channel === 'push')
						await t.run('UPDATE push_subscriptions SET last_sent_at = $1 WHERE id = $2', [
							now,
							notice.target
						]);
					return;
				}
				case 'dropped':
					await finishLease(
						t,
						`UPDATE notices SET status = 'dropped', finished_at = $1, last_error = $2, lease_owner = NULL,
						 lease_until = NULL WHERE id = $3 AND lease_owner = $4`,
						[now, outcome.reason, notice.id],
						owner
					);
					return;
				case 'wait':
					await finishLease(
						t,
						`UPDATE notices SET due_at = $1, held = TRUE, lease_owner = NULL, lease_until = NULL
						 WHERE id = $2 AND lease_owner = $3`,
						[outcome.until, notice.id],
						owner
					);
					return;
				case 'failed':
				case 'retry': {
					const attempts = notice.attempts + 1;
					const firstFailedAt = notice.first_failed_at ?? now;
					const retryAt =
						outcome.status === 'retry'
							? nextAttemptAt(attempts, firstFailedAt, now, {
									firstMs: options.retryFirstMs,
									giveUpMs: options.giveUpMs
								})
							: null;
					const channelName = { email: 'e-mail', sms: 'SMS', push: 'push' }[notice.channel];
					if (retryAt === null) {
						await finishLease(
							t,
							`UPDATE notices SET status = 'failed', attempts = $1, first_failed_at = $2,
							 last_error = $3, masked_to = $4, finished_at = $5, lease_owner = NULL, lease_until = NULL
							 WHERE id = $6 AND lease_owner = $7`,
							[attempts, firstFailedAt, outcome.error, outcome.to, now, notice.id],
							owner
						);
						t.afterCommit(() =>
							options.log(
								`notify: ${channelName} notice ${notice.id} to ${outcome.to || 'device'} failed for good after ${attempts} attempt(s): ${outcome.error}`
							)
						);
					} else {
						await finishLease(
							t,
							`UPDATE notices SET due_at = $1, attempts = $2, first_failed_at = $3,
							 last_error = $4, masked_to = $5, lease_owner = NULL, lease_until = NULL
							 WHERE id = $6 AND lease_owner = $7`,
							[retryAt, attempts, firstFailedAt, outcome.error, outcome.to, notice.id],
							owner
						);
						t.afterCommit(() =>
							options.log(
								`notify: ${channelName} notice ${notice.id} to ${outcome.to || 'device'} failed (attempt ${attempts}): ${outcome.error}; next try in ${Math.round((retryAt - now) / 1000)} s`
							)
						);
					}
				}
			}
		});
	}
}
