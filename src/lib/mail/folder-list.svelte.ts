/** The citizen's own folders, sorted for the navigation, from the snapshot first and then from RxDB. */
import type { MailDatabase } from '$lib/db';
import { sortFolders, type FolderItem } from './folders';

export class FolderList {
	items = $state.raw<readonly FolderItem[]>([]);

	name(id: string): string | null {
		return this.items.find((f) => f.id === id)?.name ?? null;
	}

	exists(id: string): boolean {
		return this.items.some((f) => f.id === id);
	}

	/** Follows the folders collection; `onChange` gets the ids of the folders that exist. */
	watch(db: MailDatabase, onChange: (ids: string[]) => void): () => void {
		const sub = db.folders.find().$.subscribe((docs) => {
			this.items = sortFolders(docs.map((doc) => ({ id: doc.id, name: doc.name })));
			onChange(this.items.map((f) => f.id));
		});
		return () => sub.unsubscribe();
	}
}
