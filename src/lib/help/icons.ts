// Simple line icons (24×24, drawn with a 2px stroke) for the help centre and start page.
// Paths only, so components render them without {@html} and Markdown can inline them at build time.
export const iconPaths = {
	mail: ['M3 6h18v12H3z', 'M3 7l9 6 9-6'],
	key: ['M12 15a4 4 0 1 1-8 0 4 4 0 0 1 8 0z', 'M11 12l9-9', 'M17 6l3 3', 'M14.5 8.5l2 2'],
	checklist: [
		'M4 6l1.5 1.5L8 5',
		'M4 12l1.5 1.5L8 11',
		'M4 18l1.5 1.5L8 17',
		'M11 6h9',
		'M11 12h9',
		'M11 18h9'
	],
	devices: ['M2 4h13v10H2z', 'M5 18h7', 'M8.5 14v4', 'M17 8h5v12h-5z', 'M19.5 17h.01'],
	bell: ['M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z', 'M10 21h4'],
	download: ['M12 3v12', 'M7 10l5 5 5-5', 'M4 20h16'],
	exemption: ['M8 3h8v3H8z', 'M6 4.5H5V21h14V4.5h-1', 'M9 14l2 2 4-4'],
	phone: ['M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z'],
	help: [
		'M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
		'M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5',
		'M12 17h.01'
	],
	share: ['M12 3v12', 'M8 7l4-4 4 4', 'M7 10H5v11h14V10h-2'],
	add: ['M4 4h16v16H4z', 'M12 8v8', 'M8 12h8'],
	// Three dots, as browsers draw their menu button.
	menu: [
		'M13 5a1 1 0 1 1-2 0 1 1 0 0 1 2 0z',
		'M13 12a1 1 0 1 1-2 0 1 1 0 0 1 2 0z',
		'M13 19a1 1 0 1 1-2 0 1 1 0 0 1 2 0z'
	],
	offline: [
		'M3 3l18 18',
		'M5 12.5a10 10 0 0 1 4.5-2.3',
		'M14.5 10.2a10 10 0 0 1 4.5 2.3',
		'M8.5 16a5 5 0 0 1 7 0',
		'M12 20h.01',
		'M2 8.8a15 15 0 0 1 4.6-2.8',
		'M10.7 5.1A15 15 0 0 1 22 8.8'
	],
	search: ['M16 10.5a5.5 5.5 0 1 1-11 0 5.5 5.5 0 0 1 11 0z', 'M14.5 14.5L20 20'],
	back: ['M15 5l-7 7 7 7'],
	forward: ['M9 5l7 7-7 7'],
	building: ['M3 21h18', 'M5 21V10', 'M19 21V10', 'M10 21v-5h4v5', 'M2 10l10-6 10 6']
} satisfies Record<string, string[]>;

export type IconName = keyof typeof iconPaths;

export function isIconName(value: string): value is IconName {
	return Object.hasOwn(iconPaths, value);
}

/** Icons that point along the reading direction; they are mirrored in right-to-left languages. */
export const directionalIcons: ReadonlySet<IconName> = new Set(['back', 'forward']);

/** The same icon as an SVG string, for Markdown rendered at build time. Always decorative. */
export function iconSvg(name: IconName): string {
	const paths = iconPaths[name].map((d) => `<path d="${d}"/>`).join('');
	const mirror = directionalIcons.has(name) ? ' icon-directional' : '';
	return (
		`<svg class="icon icon-inline${mirror}" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" ` +
		`focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" ` +
		`stroke-linejoin="round">${paths}</svg>`
	);
}
