import type { Db } from '../db/connection';
import { HOUR } from '../config';
import { notifyMailbox } from '../sync/hub';
import type { DeliveryAnswer } from './deliver';
import { nextRelease, releaseDueLetters } from './held';

let timer: ReturnType<typeof setTimeout> | undefined;
let database: Db | undefined;

/** Releases the letters that are due and wakes their mailboxes' devices. */
export function releaseNow(db: Db, now = Date.now()): number {
	const released = releaseDueLetters(db, now);
	for (const mailboxId of new Set(released.map((letter) => letter.mailboxId))) {
		notifyMailbox(mailboxId, ['letters']);
	}
	return released.length;
}

function arm(): void {
	clearTimeout(timer);
	if (!database) return;
	const next = nextRelease(database);
	if (next === null) return;
	// Wake at the next due letter (a Danish midnight), but at least hourly: timers drift and clocks change.
	const wait = Math.min(Math.max(next - Date.now(), 0), HOUR);
	timer = setTimeout(tick, wait);
	timer.unref();
}

function tick(): void {
	try {
		if (database) releaseNow(database);
	} catch (err) {
		console.error('releasing held letters failed:', err instanceof Error ? err.message : err);
	}
	arm();
}

/**
 * The housekeeping job for held letters (doNotDeliverUntilDate): releases what is due now, then sleeps until
 * the next one is due. `afterDelivery` re-arms it when a held letter comes in.
 */
export function watchHeldLetters(db: Db): void {
	database = db;
	tick();
}

/** Stops the timer (a draining process leaves held letters to the others, or to its next start). */
export function stopWatchingHeldLetters(): void {
	clearTimeout(timer);
	database = undefined;
}

/** After a delivery committed: wakes the mailbox's devices, or for a held letter the release timer. */
export function afterDelivery(answer: Pick<DeliveryAnswer, 'deliveredTo' | 'body'>): void {
	if (answer.deliveredTo) notifyMailbox(answer.deliveredTo, ['letters']);
	else if (answer.body.status === 'scheduled') arm();
}
