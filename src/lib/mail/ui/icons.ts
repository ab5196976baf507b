// The mailbox's own icons, with the shared set ($lib/components/icons.ts), kept apart so the public pages do
// not download them.
import { icon } from '$lib/components/icons';

export * from '$lib/components/icons';

export const open = icon(['M14 4h6v6M20 4l-9 9M18 14v6H4V6h6']);
/** A list behind a button (the folder menu on phones). */
export const list = icon(['M4 6h16M4 12h16M4 18h16']);
export const chevronDown = icon(['M6 9l6 6 6-6']);
/** "Show here": the file opens inside the page. */
export const eye = icon(['M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z']);
export const settings = icon([
	'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
	'M19 12l2-1-1-3-2.2.3-1.3-1.3L16.8 5 14 3.8 13 6h-2L10 3.8 7.2 5l.3 2.2L6.2 8.5 4 8.2 3 11l2 1-2 1 1 3 2.2-.3 1.3 1.3L7.2 19l2.8 1.2 1-2.2h2l1 2.2 2.8-1.2-.3-2.2 1.3-1.3 2.2.3 1-3z'
]);
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
export const move = icon(['M3 6h6l2 2h10v11H3zM10 14h7M14 11l3 3-3 3'], { mirrored: true });
export const restore = icon(['M4 12a8 8 0 1 0 3-6.2M4 4v5h5']);
export const plus = icon(['M12 5v14M5 12h14']);
export const edit = icon(['M4 20h4L19 9l-4-4L4 16z']);
export const legal = icon(['M12 3v18M5 7h14M7 7l-3 7a3 3 0 0 0 6 0zM17 7l-3 7a3 3 0 0 0 6 0zM8 21h8']);
export const calendar = icon(['M4 6h16v14H4zM4 10h16M8 3v5M16 3v5']);
export const pay = icon(['M3 6h18v12H3zM3 10h18M7 15h4']);
export const link = icon([
	'M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1'
]);
export const sign = icon(['M4 20h16M5 16c3-8 5-8 6-4s3 4 6-4']);
export const info = icon(['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5h.01']);
export const online = icon([
	'M2 9a15 15 0 0 1 20 0M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0M12 19.5h.01'
]);
export const sync = icon(['M20 7a8 8 0 0 0-14.5-1M4 4v4h4M4 17a8 8 0 0 0 14.5 1M20 20v-4h-4']);
export const clock = icon(['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2']);
export const check = icon(['M4 12l5 5L20 6']);
export const warning = icon(['M12 3 2 20h20zM12 10v4M12 17h.01']);
export const signout = icon(['M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10'], { mirrored: true });
