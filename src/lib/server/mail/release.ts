import type { Database } from '../db/engine';
import { HOUR } from '../config';
import type { DeliveryAnswer } from './deliver';
import { nextRelease, releaseDueLetters } from './held';

let timer: ReturnType<typeof setTimeout> | undefined;
let database: Database | undefined;

/** Releases the letters that are due (their mailboxes' devices are woken as each batch commits). */
export async function releaseNow(db: Database, now = Date.now()): Promise<number> {
	return (await releaseDueLetters(db, now)).length;
}

async function arm(): Promise<void> {
	clearTimeout(timer);
	const db = database;
	if (!db) return;
	const next = await nextRelease(db);
	if (next === null || database !== db) return;
	// Wake at the next due letter (a Danish midnight), but at least hourly: timers drift and clocks change.
	// Every process keeps this timer; the release claims its rows, so a letter is released once.
	const wait = Math.min(Math.max(next - Date.now(), 0), HOUR);
	clearTimeout(timer);
	timer = setTimeout(() => void tick(), wait);
	timer.unref();
}

async function tick(): Promise<void> {
	try {
		if (database) await releaseNow(database);
		await arm();
	} catch (err) {
		console.error('releasing held letters failed:', err instanceof Error ? err.message : err);
		if (database) {
			clearTimeout(timer);
			timer = setTimeout(() => void tick(), HOUR);
			timer.unref();
		}
	}
}

/**
 * The housekeeping job for held letters (doNotDeliverUntilDate): releases what is due now, then sleeps until
 * the next one is due. `afterDelivery` re-arms it when a held letter comes in.
 */
export function watchHeldLetters(db: Database): Promise<void> {
	database = db;
	return tick();
}

/** Stops the timer (a draining process leaves held letters to the others, or to its next start). */
export function stopWatchingHeldLetters(): void {
	clearTimeout(timer);
	database = undefined;
}

/**
 * After a delivery committed: a held letter re-arms this process's release timer (other processes find it
 * at their next hourly wake at the latest). Devices of a delivered letter were woken by the transaction.
 */
export function afterDelivery(answer: Pick<DeliveryAnswer, 'body'>): void {
	if (answer.body.status === 'scheduled')
		arm().catch((err: unknown) =>
			console.error('arming the release timer failed:', err instanceof Error ? err.message : err)
		);
}
