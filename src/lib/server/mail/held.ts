import type { Database, Queryable } from '../db/engine';
import { claimRows } from '../db/claim';
import { nextSeq } from '../db/sequence';
import { notifyMailbox } from '../sync/hub';
import { queueLetterNotices } from '../notify/outbox';

const DANISH_TIME = 'Europe/Copenhagen';
const HOUR_MS = 3_600_000;

const danishClock = new Intl.DateTimeFormat('en-CA', {
	timeZone: DANISH_TIME,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

function danishParts(ms: number): string {
	const parts = Object.fromEntries(danishClock.formatToParts(ms).map((p) => [p.type, p.value]));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * The moment a day (YYYY-MM-DD) begins in Denmark: 23:00 or 22:00 UTC the day before (CET/CEST). Danish
 * clocks change at 02:00/03:00, so midnight always exists exactly once.
 */
export function startOfDanishDay(date: string): number {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const utcMidnight = Date.UTC(year, month - 1, day);
	for (const offsetHours of [1, 2]) {
		const candidate = utcMidnight - offsetHours * HOUR_MS;
		if (danishParts(candidate) === `${date} 00:00`) return candidate;
	}
	throw new Error(`no Danish midnight found for ${date}`);
}

/**
 * When a letter with MeMo's doNotDeliverUntilDate may be seen: the start of that day in Denmark, or null when
 * that moment has come (no date, today or a past day): the letter is delivered at once.
 */
export function heldUntil(doNotDeliverUntilDate: string | undefined, now: number): number | null {
	if (!doNotDeliverUntilDate) return null;
	const from = startOfDanishDay(doNotDeliverUntilDate);
	return from > now ? from : null;
}

export interface ReleasedLetter {
	letterId: string;
	mailboxId: string;
}

const RELEASE_BATCH = 200;

/**
 * Makes held letters whose day has come visible: each gets its mailbox's next sequence number (so devices pull
 * it) and loses visible_from; its notices are queued and its mailbox's devices woken in the same transaction.
 * Batches of transactions; due rows are claimed with FOR UPDATE SKIP LOCKED (mailbox order, so row locks are
 * taken in one order), so several app processes release each letter once. Returns what it released.
 */
export async function releaseDueLetters(db: Database, now: number): Promise<ReleasedLetter[]> {
	const released: ReleasedLetter[] = [];
	for (;;) {
		const batch = await db.tx(async (t) => {
			const due = await claimRows<{ id: string; mailbox_id: string }>(t, {
				table: 'letters',
				columns: 'id, mailbox_id',
				where: 'visible_from IS NOT NULL AND visible_from <= $1',
				params: [now],
				orderBy: 'mailbox_id, visible_from, id',
				limit: RELEASE_BATCH
			});
			for (const letter of due) {
				await t.run('UPDATE letters SET visible_from = NULL, seq = $1 WHERE id = $2', [
					await nextSeq(t, letter.mailbox_id),
					letter.id
				]);
				// Its notices go out now that it is in the mailbox, committed with the release.
				await queueLetterNotices(t, letter.id, now);
			}
			for (const mailboxId of new Set(due.map((l) => l.mailbox_id)))
				await notifyMailbox(mailboxId, ['letters'], t);
			return due.map((letter) => ({ letterId: letter.id, mailboxId: letter.mailbox_id }));
		});
		released.push(...batch);
		if (batch.length < RELEASE_BATCH) return released;
	}
}

/** The next moment a held letter becomes due, or null when none waits. */
export async function nextRelease(q: Queryable): Promise<number | null> {
	return (
		(await q.value<number | null>(
			'SELECT min(visible_from) AS next FROM letters WHERE visible_from IS NOT NULL'
		)) ?? null
	);
}
