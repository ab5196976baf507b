/**
 * The search page's filters, read from and written to its address (so a search can be bookmarked and the
 * back button works), and the rule that says whether a letter passes them.
 */
import type { LetterRow } from '../mail-index';

export interface SearchFilters {
	/** Sender id. */
	sender: string;
	/** A folder id, or '' for every folder but the trash. */
	folder: string;
	/** Received on or after this day (yyyy-mm-dd, the device's time zone). */
	from: string;
	/** Received on or before this day. */
	to: string;
	unread: boolean;
	deadline: boolean;
	legal: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readFilters(params: URLSearchParams): SearchFilters {
	const day = (name: string) => {
		const value = params.get(name) ?? '';
		return DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : '';
	};
	return {
		sender: params.get('sender') ?? '',
		folder: params.get('folder') ?? '',
		from: day('from'),
		to: day('to'),
		unread: params.get('unread') === '1',
		deadline: params.get('deadline') === '1',
		legal: params.get('legal') === '1'
	};
}

export function anyFilter(filters: SearchFilters): boolean {
	return Object.values(filters).some(Boolean);
}

/** Start of a day (plus `days`) in the device's time zone, ms. */
function dayStart(day: string, days = 0): number {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return new Date(y, m - 1, d + days).getTime();
}

/** A test for rows; `placeOf` says which folder a letter is listed in. */
export function rowFilter(
	filters: SearchFilters,
	placeOf: (row: LetterRow) => string
): (row: LetterRow) => boolean {
	const from = filters.from ? dayStart(filters.from) : -Infinity;
	const to = filters.to ? dayStart(filters.to, 1) : Infinity;
	return (row) => {
		const place = placeOf(row);
		if (filters.folder ? place !== filters.folder : place === 'trash') return false;
		if (filters.sender && row.senderId !== filters.sender) return false;
		if (row.receivedAt < from || row.receivedAt >= to) return false;
		if (filters.unread && row.read) return false;
		if (filters.deadline && !row.deadline) return false;
		if (filters.legal && !row.legalNotification) return false;
		return true;
	};
}
