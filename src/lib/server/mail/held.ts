import type { Db } from '../db/connection';
import { nextSeq, write } from '../db/connection';
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

/**
 * Makes held letters whose day has come visible: each gets its mailbox's next sequence number (so devices pull
 * it, and their streams are nudged by the caller) and loses visible_from. One transaction; returns what it
 * released. Notices about a released letter belong in this transaction, as they do in deliverMessage.
 */
export function releaseDueLetters(db: Db, now: number): ReleasedLetter[] {
	return write(db, () => {
		const due = db
			.prepare(
				`SELECT id, mailbox_id FROM letters WHERE visible_from IS NOT NULL AND visible_from <= ?
				 ORDER BY visible_from, rowid`
			)
			.all(now) as { id: string; mailbox_id: string }[];
		const release = db.prepare('UPDATE letters SET visible_from = NULL, seq = ? WHERE id = ?');
		for (const letter of due) {
			release.run(nextSeq(db, letter.mailbox_id), letter.id);
			// Its notices go out now that it is in the mailbox, committed with the release.
			queueLetterNotices(db, letter.id, now);
		}
		return due.map((letter) => ({ letterId: letter.id, mailboxId: letter.mailbox_id }));
	});
}

/** The next moment a held letter becomes due, or null when none waits. */
export function nextRelease(db: Db): number | null {
	const row = db
		.prepare('SELECT min(visible_from) AS next FROM letters WHERE visible_from IS NOT NULL')
		.get() as {
		next: number | null;
	};
	return row.next;
}
