// Paraglide's runtime needs URLPattern. Most browsers have it, so the 6 kB (gzipped) polyfill is only fetched
// where it is missing (older Safari, Node 20 on the server). vite.config.ts points paraglide's
// `@inlang/paraglide-js/urlpattern-polyfill` import here; the top-level await makes the runtime wait for it.
if (!('URLPattern' in globalThis)) await import('urlpattern-polyfill');

export {};
