/**
 * The sync protocol's numbers, without zod, so the browser can read them without loading the schemas.
 * Re-exported by ./sync.ts, which stays the contract's home.
 */
// letters 1: optional `memo` (MeMo data kept beyond the view), documents' `documentID` and kind 'technical'.
// outgoing 1: `attachments` (photos and PDFs; their bytes travel in the push that creates the message).
export const schemaVersions = { letters: 1, folders: 0, outgoing: 1 } as const;

export const PULL_LIMIT_MAX = 1000;
export const PUSH_ROWS_MAX = 100;
/** Largest push request body, in bytes (100 letters with their whole documents fit many times over). */
export const PUSH_BODY_MAX_BYTES = 32 * 1024 * 1024;
/** Largest page of the first-sync bulk load (GET …/letters/bulk): ~2.6 MB of ~1.3 KB letters. */
export const BULK_LIMIT_MAX = 2000;
