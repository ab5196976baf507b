// Public pages are prerendered in every locale, so the service worker can precache them and they open offline.
export const prerender = true;
// They run without SvelteKit's client (no router, no route table): the parts that need the browser are
// islands (src/lib/islands), loaded by the script the layout adds.
export const csr = false;
