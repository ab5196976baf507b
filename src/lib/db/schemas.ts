/**
 * RxDB JSON schemas for the three replicated collections, generated from the zod wire schemas in
 * $lib/schemas (./generate-schemas.ts, `npm run generate:schemas`); a unit test checks that ./schemas.json
 * is what the current zod schemas make, and that the server's documents pass it.
 *
 * The letters collection has no secondary index on purpose: the mailbox lists are served from an in-memory
 * index ($lib/mail/mail-index.ts), and every extra IndexedDB index makes the first sync slower.
 */
import type { RxJsonSchema } from 'rxdb';
import type { FolderDoc } from '$lib/schemas/folder';
import type { LetterDoc } from '$lib/schemas/letter';
import type { OutgoingDoc } from '$lib/schemas/outgoing';
import generated from './schemas.json';

/** A stored document: RxDB keeps `_deleted` itself. */
type Stored<T> = Omit<T, '_deleted'>;

export const letterSchema = generated.letters as unknown as RxJsonSchema<Stored<LetterDoc>>;
export const folderSchema = generated.folders as unknown as RxJsonSchema<Stored<FolderDoc>>;
export const outgoingSchema = generated.outgoing as unknown as RxJsonSchema<Stored<OutgoingDoc>>;

/**
 * How each stored version becomes the next when a device opens the database after an update. The
 * documents themselves did not change when the schemas began to be generated (version 1).
 */
export const migrationStrategies = {
	// letters 2: the MeMo fields (`memo`, documents' `documentID`, kind 'technical') are optional: a version-1
	// document (hand-written or generated) is valid as it is.
	// letters 3: documents' `fileText` (PDF text for search) is optional too.
	letters: {
		1: (doc: Stored<LetterDoc>) => doc,
		2: (doc: Stored<LetterDoc>) => doc,
		3: (doc: Stored<LetterDoc>) => doc
	},
	folders: { 1: (doc: Stored<FolderDoc>) => doc },
	// outgoing 2: `forward` (a letter sent on) is optional and a forward's body may be empty: version 1 is valid.
	// outgoing 3: `attachments`; messages written before had none.
	// outgoing 4: optional `writtenBy` (a helper wrote it on the owner's behalf): version 3 is valid.
	outgoing: {
		1: (doc: Stored<OutgoingDoc>) => doc,
		2: (doc: Stored<OutgoingDoc>) => doc,
		3: (doc: Omit<Stored<OutgoingDoc>, 'attachments'>): Stored<OutgoingDoc> => ({ ...doc, attachments: [] }),
		4: (doc: Stored<OutgoingDoc>) => doc
	}
};
