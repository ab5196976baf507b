// The exemption wizard's own icons, with the shared set ($lib/components/icons.ts), kept apart so other pages
// do not download them.
import { icon } from '$lib/components/icons';

export * from '$lib/components/icons';

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
