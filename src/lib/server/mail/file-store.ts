import type { Queryable, Tx } from '../db/engine';
import { valueRows } from '../db/sql';
import { sha256Hex } from '../crypto';
import type { TechnicalFileContentType } from '../../schemas/letter';

/**
 * Where letters' files live: in the database on both engines (`files.content`, BLOB on SQLite, bytea on
 * PostgreSQL). This module is the only code that writes, reads or removes a file's bytes, so an object store
 * can replace it alone: the bytes go outside, the metadata row stays inside the letter's transaction.
 */

export interface FileToStore {
	id: string;
	filename: string;
	contentType: TechnicalFileContentType;
	language: string | null;
	content: Buffer;
}

export interface StoredFile {
	filename: string;
	contentType: string;
	size: number;
	sha256: string;
	content: Buffer;
	letterId: string;
	letterTitle: string;
	/** The letter's sender, for the rule on company letters and helpers. */
	sender: { sender_kind: string; sender_id: string };
}

const FILE_COLUMNS = 9;
// Files per statement: well under both engines' parameter caps.
const FILES_PER_INSERT = 500;

/** Stores a new letter's files, in the transaction that writes the letter. */
export async function putFiles(
	t: Tx,
	mailboxId: string,
	letterId: string,
	files: readonly FileToStore[]
): Promise<void> {
	for (let i = 0; i < files.length; i += FILES_PER_INSERT) {
		const chunk = files.slice(i, i + FILES_PER_INSERT);
		await t.run(
			`INSERT INTO files (id, mailbox_id, letter_id, filename, content_type, language, size, sha256, content)
			 VALUES ${valueRows(chunk.length, FILE_COLUMNS)}`,
			chunk.flatMap((file) => [
				file.id,
				mailboxId,
				letterId,
				file.filename,
				file.contentType,
				file.language,
				file.content.byteLength,
				sha256Hex(file.content),
				file.content
			])
		);
	}
}

/**
 * A file of a visible, not deleted letter in this mailbox, or null — also for other mailboxes' files, so
 * their existence stays hidden.
 */
export async function readFile(q: Queryable, mailboxId: string, fileId: string): Promise<StoredFile | null> {
	const row = await q.one<{
		filename: string;
		content_type: string;
		size: number;
		sha256: string;
		content: Buffer;
		letter_id: string;
		title: string;
		sender_kind: string;
		sender_id: string;
	}>(
		`SELECT f.filename, f.content_type, f.size, f.sha256, f.content, l.id AS letter_id, l.title,
		        l.sender_kind, l.sender_id FROM files f
		 JOIN letters l ON l.id = f.letter_id
		 WHERE f.id = $1 AND f.mailbox_id = $2 AND l.mailbox_id = $2 AND l.deleted = FALSE AND l.visible_from IS NULL`,
		[fileId, mailboxId]
	);
	return row
		? {
				filename: row.filename,
				contentType: row.content_type,
				size: row.size,
				sha256: row.sha256,
				content: row.content,
				letterId: row.letter_id,
				letterTitle: row.title,
				sender: { sender_kind: row.sender_kind, sender_id: row.sender_id }
			}
		: null;
}

/** Removes a letter's files for good (the trash purge), in the transaction that purges the letter. */
export async function dropFiles(t: Tx, letterId: string): Promise<void> {
	await t.run('DELETE FROM files WHERE letter_id = $1', [letterId]);
}
