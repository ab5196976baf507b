// Public pages are prerendered in every locale, so the service worker can precache them and they open offline.
export const prerender = true;
