/**
 * The app's shared icons: 24×24 line drawings (paths only, so components render them without {@html} and
 * Markdown can inline them at build time), those the public pages, help content and more than one area use.
 * The mailbox's own icons are in $lib/mail/ui/icons.ts, the wizard's in $lib/wizard/icons.ts: a bundle
 * carries a whole module, so the public pages would otherwise download every icon of the mailbox.
 * Drawn by ./Icon.svelte; size and stroke come from CSS (`--icon-size`, `--icon-stroke`).
 */
export interface IconDef {
	readonly paths: readonly string[];
	/** Drawn filled instead of stroked. */
	readonly filled?: boolean;
	/**
	 * Mirrored in right-to-left languages: icons that point along the reading direction, and the question
	 * mark, which Arabic and Farsi write mirrored (؟). The one rule is in app.css (`.icon-directional`).
	 */
	readonly mirrored?: boolean;
}

export const icon = (paths: string[], options: Omit<IconDef, 'paths'> = {}): IconDef => ({
	paths,
	...options
});

// Moving around
export const back = icon(['M15 6l-6 6 6 6'], { mirrored: true });
export const forward = icon(['M9 6l6 6-6 6'], { mirrored: true });
export const arrowBack = icon(['M19 12H5M11 6l-6 6 6 6'], { mirrored: true });
export const arrowForward = icon(['M5 12h14M13 6l6 6-6 6'], { mirrored: true });
export const search = icon(['M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM20 20l-4-4']);
export const menu = icon([
	'M13 5a1 1 0 1 1-2 0 1 1 0 0 1 2 0z',
	'M13 12a1 1 0 1 1-2 0 1 1 0 0 1 2 0z',
	'M13 19a1 1 0 1 1-2 0 1 1 0 0 1 2 0z'
]);

// Post and state
export const envelope = icon(['M3 6h18v12H3zM3 6l9 7 9-7']);
export const download = icon(['M12 4v11M7 10l5 5 5-5M5 20h14']);

export const offline = icon([
	'M2 9a15 15 0 0 1 6-3.4M5 12.5a10 10 0 0 1 4-2.3M8.5 16a5 5 0 0 1 7 0M12 19.5h.01M3 3l18 18M14.5 6.2A15 15 0 0 1 22 9M17.5 11a10 10 0 0 1 1.5 1.5'
]);

// The help centre and start page
export const key = icon(['M12 15a4 4 0 1 1-8 0 4 4 0 0 1 8 0z', 'M11 12l9-9', 'M17 6l3 3', 'M14.5 8.5l2 2']);
export const checklist = icon([
	'M4 6l1.5 1.5L8 5',
	'M4 12l1.5 1.5L8 11',
	'M4 18l1.5 1.5L8 17',
	'M11 6h9',
	'M11 12h9',
	'M11 18h9'
]);
export const devices = icon(['M2 4h13v10H2z', 'M5 18h7', 'M8.5 14v4', 'M17 8h5v12h-5z', 'M19.5 17h.01']);
export const bell = icon(['M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z', 'M10 21h4']);
export const exemption = icon(['M8 3h8v3H8z', 'M6 4.5H5V21h14V4.5h-1', 'M9 14l2 2 4-4']);
export const phone = icon([
	'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z'
]);
export const help = icon([
	'M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
	'M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5',
	'M12 17h.01'
]);
export const share = icon(['M12 3v12', 'M8 7l4-4 4 4', 'M7 10H5v11h14V10h-2']);
export const addToScreen = icon(['M4 4h16v16H4z', 'M12 8v8', 'M8 12h8']);
export const building = icon(['M3 21h18', 'M5 21V10', 'M19 21V10', 'M10 21v-5h4v5', 'M2 10l10-6 10 6']);

/** An icon as an SVG string, for Markdown rendered at build time. Always decorative. */
export function iconSvg(def: IconDef): string {
	const paths = def.paths.map((d) => `<path d="${d}"/>`).join('');
	const mirror = def.mirrored ? ' icon-directional' : '';
	const fill = def.filled ? 'currentColor' : 'none';
	return (
		`<svg class="icon icon-inline${mirror}" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" ` +
		`focusable="false" fill="${fill}" stroke="currentColor" stroke-linecap="round" ` +
		`stroke-linejoin="round">${paths}</svg>`
	);
}
