/**
 * The islands of the prerendered public pages: name → the component the islands entry mounts there.
 * Shared by the wrapper (server side, names only) and the entry (browser), so a name cannot be mistyped.
 * Parts on every page load with the entry; the others only on the pages that have them.
 */
export const islandNames = [
	'language-picker',
	'install-button',
	'help-search',
	'offline-retry',
	'wizard'
] as const;

export type IslandName = (typeof islandNames)[number];

/** What a page needs to load the islands: the entry and the chunks it imports statically (modulepreload). */
export interface IslandsManifest {
	entry: string;
	imports: string[];
}
