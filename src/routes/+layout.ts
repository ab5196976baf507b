// Public pages are prerendered so the service worker can precache them; dynamic routes opt out.
export const prerender = true;
export const trailingSlash = 'never';
