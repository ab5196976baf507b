import type { LayoutServerLoad } from './$types';

// Account pages are rendered per request and never cached: they show a citizen's details or a code card
// key (shared computers). Pages in (signed-in) need a session; the guard is in hooks.server.ts, so it
// covers their form actions as well as their loads.
export const load: LayoutServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
};
