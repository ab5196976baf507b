import type { Db } from '../db/connection';

/** Demo letters; filled in with the sender API's delivery. */
export async function seedDemoLetters(_db: Db, _mailboxId: string, _now: number): Promise<void> {}
