/**
 * Every icon of the app: 24×24 line drawings (paths only, so components render them without {@html} and
 * Markdown can inline them at build time). One export per icon, so a page's bundle carries only the icons it
 * uses. Drawn by ./Icon.svelte; size and stroke come from CSS (`--icon-size`, `--icon-stroke`).
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

const icon = (paths: string[], options: Omit<IconDef, 'paths'> = {}): IconDef => ({ paths, ...options });

// Moving around
export const back = icon(['M15 6l-6 6 6 6'], { mirrored: true });
export const forward = icon(['M9 6l6 6-6 6'], { mirrored: true });
export const arrowBack = icon(['M19 12H5M11 6l-6 6 6 6'], { mirrored: true });
export const arrowForward = icon(['M5 12h14M13 6l6 6-6 6'], { mirrored: true });
export const open = icon(['M14 4h6v6M20 4l-9 9M18 14v6H4V6h6']);
export const search = icon(['M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM20 20l-4-4']);
export const menu = icon([
	'M13 5a1 1 0 1 1-2 0 1 1 0 0 1 2 0z',
	'M13 12a1 1 0 1 1-2 0 1 1 0 0 1 2 0z',
	'M13 19a1 1 0 1 1-2 0 1 1 0 0 1 2 0z'
]);
/** A list behind a button (the folder menu on phones). */
export const list = icon(['M4 6h16M4 12h16M4 18h16']);
export const chevronDown = icon(['M6 9l6 6 6-6']);
/** "Show here": the file opens inside the page. */
export const eye = icon(['M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z']);
export const settings = icon([
	'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
	'M19 12l2-1-1-3-2.2.3-1.3-1.3L16.8 5 14 3.8 13 6h-2L10 3.8 7.2 5l.3 2.2L6.2 8.5 4 8.2 3 11l2 1-2 1 1 3 2.2-.3 1.3 1.3L7.2 19l2.8 1.2 1-2.2h2l1 2.2 2.8-1.2-.3-2.2 1.3-1.3 2.2.3 1-3z'
]);

// Post
export const envelope = icon(['M3 6h18v12H3zM3 6l9 7 9-7']);
export const inbox = icon(['M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6H3v-6z']);
export const archive = icon(['M3 4h18v4H3zM5 8v12h14V8M10 12h4']);
export const trash = icon(['M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6']);
export const folder = icon(['M3 6h6l2 2h10v11H3z']);
export const outbox = icon(['M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6H3v-6zM12 3v7M9 6l3-3 3 3'], {
	mirrored: true
});
export const write = icon(['M4 20h4L19 9l-4-4L4 16zM14 6l4 4']);
export const reply = icon(['M10 8 5 12l5 4M5 12h9a5 5 0 0 1 5 5v2'], { mirrored: true });
export const read = icon(['M3 8l9 6 9-6M3 8v11h18V8M3 8l9-5 9 5']);
export const unread = icon(['M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10z'], { filled: true });
export const attachment = icon([
	'M20 11l-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7'
]);
export const download = icon(['M12 4v11M7 10l5 5 5-5M5 20h14']);
export const move = icon(['M3 6h6l2 2h10v11H3zM10 14h7M14 11l3 3-3 3'], { mirrored: true });
export const restore = icon(['M4 12a8 8 0 1 0 3-6.2M4 4v5h5']);
export const plus = icon(['M12 5v14M5 12h14']);
export const edit = icon(['M4 20h4L19 9l-4-4L4 16z']);
export const legal = icon(['M12 3v18M5 7h14M7 7l-3 7a3 3 0 0 0 6 0zM17 7l-3 7a3 3 0 0 0 6 0zM8 21h8']);

// What a letter asks for
export const calendar = icon(['M4 6h16v14H4zM4 10h16M8 3v5M16 3v5']);
export const pay = icon(['M3 6h18v12H3zM3 10h18M7 15h4']);
export const link = icon([
	'M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1'
]);
export const sign = icon(['M4 20h16M5 16c3-8 5-8 6-4s3 4 6-4']);
export const info = icon(['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5h.01']);

// State
export const online = icon([
	'M2 9a15 15 0 0 1 20 0M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0M12 19.5h.01'
]);
export const offline = icon([
	'M2 9a15 15 0 0 1 6-3.4M5 12.5a10 10 0 0 1 4-2.3M8.5 16a5 5 0 0 1 7 0M12 19.5h.01M3 3l18 18M14.5 6.2A15 15 0 0 1 22 9M17.5 11a10 10 0 0 1 1.5 1.5'
]);
export const sync = icon(['M20 7a8 8 0 0 0-14.5-1M4 4v4h4M4 17a8 8 0 0 0 14.5 1M20 20v-4h-4']);
export const clock = icon(['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2']);
export const check = icon(['M4 12l5 5L20 6']);
export const warning = icon(['M12 3 2 20h20zM12 10v4M12 17h.01']);
export const signout = icon(['M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10'], { mirrored: true });

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

// The exemption wizard
export const yes = icon(['M4.5 12.5l5 5 10-11']);
export const no = icon(['M6 6l12 12M18 6L6 18']);
export const unsure = icon(['M8.8 9a3.3 3.3 0 1 1 4.6 3c-1 .5-1.4 1.2-1.4 2.3v.7', 'M12 19h.01'], {
	mirrored: true
});
export const speaker = icon([
	'M4 9.5h3.5L12 5.5v13l-4.5-4H4z',
	'M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11'
]);
export const stop = icon([
	'M8 6.5h8a1.5 1.5 0 0 1 1.5 1.5v8a1.5 1.5 0 0 1-1.5 1.5H8A1.5 1.5 0 0 1 6.5 16V8A1.5 1.5 0 0 1 8 6.5z'
]);
export const print = icon([
	'M7 9V3.5h10V9M7 17.5H4.5v-7a1.5 1.5 0 0 1 1.5-1.5h12a1.5 1.5 0 0 1 1.5 1.5v7H17',
	'M7 14h10v6.5H7z'
]);
export const restart = icon(['M4.5 12a7.5 7.5 0 1 0 2.2-5.3M4.5 4v4.5H9']);

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
