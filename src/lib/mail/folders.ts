/**
 * Folders and where a letter is listed: the system folders, the citizen's own folders and the one placement
 * rule every view, count and search uses.
 *
 * Deleting a folder never rewrites its letters, on the device or on the server (see the sync contract): a
 * letter filed in a folder that no longer exists is listed in the inbox. So no device's later move of such a
 * letter can be undone by another device's stale copy of the deletion.
 *
 * Pure and free of zod, paraglide and RxDB: loaded before the first screen is drawn.
 */
export const systemFolders = ['inbox', 'archive', 'trash'] as const;
export type SystemFolder = (typeof systemFolders)[number];

export interface FolderItem {
	id: string;
	name: string;
}

export function isSystemFolder(folder: string): folder is SystemFolder {
	return (systemFolders as readonly string[]).includes(folder);
}

/** Where a letter filed in `folder` is listed, given which of the citizen's folders exist. */
export function placeOf(folder: string, folderExists: (id: string) => boolean): string {
	return isSystemFolder(folder) || folderExists(folder) ? folder : 'inbox';
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The citizen's folders in the order the navigation shows them. */
export function sortFolders(folders: Iterable<FolderItem>): FolderItem[] {
	return [...folders].sort((a, b) => collator.compare(a.name, b.name));
}

/** The mail URL (without locale) that lists a folder. */
export function folderPath(folder: string): string {
	if (folder === 'inbox') return '/mail';
	return isSystemFolder(folder) ? `/mail/${folder}` : `/mail/folder/${folder}`;
}
