export { getDatabase, closeDatabase, openStorage } from './open';
export type { Database, Tx, Queryable } from './engine';
export { lockMailbox, nextSeq, latestSeq } from './sequence';
