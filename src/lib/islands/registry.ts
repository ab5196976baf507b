/**
 * The islands of the prerendered public pages by name (the entry, main.ts, maps each to its component).
 * One type for the wrapper (server side) and the entry (browser), so a name cannot be mistyped.
 * Parts on every page load with the entry; the others only on the pages that have them.
 */
export type IslandName = 'language-picker' | 'help-search' | 'offline-retry' | 'wizard';

/** What a page needs to load the islands: the entry and the chunks it imports statically (modulepreload). */
export interface IslandsManifest {
	entry: string;
	imports: string[];
}
