import { z } from 'zod';
import { epochMs, uuid } from './common';

/** A citizen's own folder (collection "folders"); devices create, rename and delete them. */
export const folderDoc = z.object({
	id: uuid,
	serverSeq: z.number().int().min(0),
	name: z.string().trim().min(1).max(60),
	createdAt: epochMs,
	/** Device clock of the last rename, to break a genuine tie in the merge. */
	changedAt: z.object({ name: epochMs }),
	_deleted: z.boolean()
});
export type FolderDoc = z.infer<typeof folderDoc>;
