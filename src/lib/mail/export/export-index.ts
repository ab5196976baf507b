/**
 * The index of an exported mailbox: one row per letter in `letters.json` and `letters.csv`, with where each
 * of its files is in the ZIP, or that it was not on the device. Pure, so unit tests check it directly.
 */
import type { LetterData } from '$lib/db';

export interface ExportedFile {
	document: string;
	filename: string;
	contentType: string;
	size: number;
	/** Path inside the ZIP, or null when the file was not on the device (and could not be fetched). */
	path: string | null;
}

export interface ExportRow {
	id: string;
	received: string;
	created: string;
	sender: string;
	title: string;
	caseId: string | null;
	folder: string;
	read: boolean;
	legalNotification: boolean;
	replyBy: string | null;
	/** The letter's own folder in the ZIP. */
	path: string;
	files: ExportedFile[];
}

export function exportRow(
	letter: LetterData,
	folderName: string,
	path: string,
	files: ExportedFile[]
): ExportRow {
	return {
		id: letter.id,
		received: new Date(letter.receivedAt).toISOString(),
		created: letter.createdAt,
		sender: letter.senderName,
		title: letter.title,
		caseId: letter.caseId,
		folder: folderName,
		read: letter.read,
		legalNotification: letter.legalNotification,
		replyBy: letter.replyBy,
		path,
		files
	};
}

/** Characters no file system takes in a name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]+/g;

/** A file or folder name that is safe on Windows, macOS and Linux (never empty, never "." or ".."). */
export function safeName(name: string, max = 80): string {
	const cleaned = name
		.replace(UNSAFE, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^\.+|[. ]+$/g, '');
	return Array.from(cleaned).slice(0, max).join('').trim() || '_';
}

/** A letter's folder in the ZIP: date, title and the start of its id, so names sort by date and never clash. */
export function letterPath(letter: Pick<LetterData, 'id' | 'title' | 'receivedAt'>): string {
	const day = new Date(letter.receivedAt).toISOString().slice(0, 10);
	return `${day} ${safeName(letter.title, 60)} ${letter.id.slice(0, 8)}`;
}

/** A name not yet taken in `taken` ("a.pdf", "a (2).pdf", …); adds it to `taken`. */
export function uniqueName(name: string, taken: Set<string>): string {
	const dot = name.lastIndexOf('.');
	const stem = dot > 0 ? name.slice(0, dot) : name;
	const ext = dot > 0 ? name.slice(dot) : '';
	let candidate = name;
	for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
	taken.add(candidate.toLowerCase());
	return candidate;
}

/**
 * One CSV cell (RFC 4180). A text that a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading apostrophe, so opening the index never runs what a sender wrote.
 */
export function csvCell(value: string | number | boolean | null): string {
	if (value === null) return '';
	let text = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_COLUMNS = [
	'id',
	'received',
	'created',
	'sender',
	'title',
	'case_id',
	'folder',
	'read',
	'legal_notification',
	'reply_by',
	'path',
	'files',
	'missing_files'
] as const;

/** `letters.csv`: UTF-8 with a byte-order mark (so spreadsheets read æ, ø, å), CRLF line ends. */
export function lettersCsv(rows: readonly ExportRow[]): string {
	const lines = [CSV_COLUMNS.join(',')];
	for (const row of rows) {
		const saved = row.files.filter((f) => f.path !== null).map((f) => f.path);
		const missing = row.files.filter((f) => f.path === null).map((f) => f.filename);
		lines.push(
			[
				row.id,
				row.received,
				row.created,
				row.sender,
				row.title,
				row.caseId,
				row.folder,
				row.read,
				row.legalNotification,
				row.replyBy,
				row.path,
				saved.join('; '),
				missing.join('; ')
			]
				.map(csvCell)
				.join(',')
		);
	}
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `letters.json`: the same rows, with each file's document, type, size and place (or null: missing). */
export function lettersJson(rows: readonly ExportRow[], exportedAt: Date): string {
	return JSON.stringify(
		{
			exportedAt: exportedAt.toISOString(),
			letters: rows,
			missingFiles: rows.reduce((n, row) => n + row.files.filter((f) => f.path === null).length, 0)
		},
		null,
		2
	);
}
