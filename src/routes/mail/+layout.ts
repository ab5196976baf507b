// The mailbox lives in the browser (RxDB): nothing under /mail renders on the server. Only the /mail shell
// itself is prerendered (see +page.ts), so the service worker can serve it for every mail URL offline.
export const ssr = false;
export const prerender = false;
