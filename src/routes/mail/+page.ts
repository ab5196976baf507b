// The shell the service worker precaches and serves for offline navigations below /mail.
export const prerender = true;
