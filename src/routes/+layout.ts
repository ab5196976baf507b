// Page options live with the route groups: (public) is prerendered, (account) server-rendered, /mail
// renders in the browser. API routes are never prerendered.
export const trailingSlash = 'never';
