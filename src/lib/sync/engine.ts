/**
 * What the mailbox loads once its first screen is drawn: the database and the sync (the replication and the
 * first load in bulk). They always load together, so they come as one import: one chunk and one request
 * rather than three, two of them only re-exporting modules shared with other code.
 */
export { openMailDatabase, readAllLetters } from '$lib/db';
export { replicateMailbox, settleAllPending, trackPending } from './replication';
export { loadLettersInBulk } from './bulk-load';
