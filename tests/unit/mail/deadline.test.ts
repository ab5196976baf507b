import { describe, expect, it } from 'vitest';
import { canReply, deadlineState, listDeadline, purgeDate } from '../../../src/lib/mail/deadline';

const now = Date.UTC(2026, 10, 10, 12);
const day = 86_400_000;

describe('deadlines', () => {
	it('says passed, soon (within a week) or later', () => {
		expect(deadlineState(new Date(now - 1000).toISOString(), now)).toBe('passed');
		expect(deadlineState(new Date(now + 3 * day).toISOString(), now)).toBe('soon');
		expect(deadlineState(now + 7 * day, now)).toBe('soon');
		expect(deadlineState(now + 8 * day, now)).toBe('later');
	});

	it('allows a reply only when the sender allows one and the deadline has not passed', () => {
		expect(canReply({ replyAllowed: false, replyBy: null }, now)).toBe(false);
		expect(canReply({ replyAllowed: true, replyBy: null }, now)).toBe(true);
		expect(canReply({ replyAllowed: true, replyBy: new Date(now + day).toISOString() }, now)).toBe(true);
		expect(canReply({ replyAllowed: true, replyBy: new Date(now - day).toISOString() }, now)).toBe(false);
	});

	it('purges the trash as many days after a letter was put there as the server says', () => {
		expect(purgeDate(now, 30)).toBe(now + 30 * day);
		expect(purgeDate(now, 7)).toBe(now + 7 * day);
	});
});

describe('deadline in a list', () => {
	it('shows soon and recently passed deadlines, not old or distant ones', () => {
		expect(listDeadline(null, now)).toBeNull();
		expect(listDeadline(new Date(now + 2 * day).toISOString(), now)).toBe('soon');
		expect(listDeadline(new Date(now + 20 * day).toISOString(), now)).toBeNull();
		expect(listDeadline(new Date(now - 2 * day).toISOString(), now)).toBe('passed');
		expect(listDeadline(new Date(now - 60 * day).toISOString(), now)).toBeNull();
	});
});
