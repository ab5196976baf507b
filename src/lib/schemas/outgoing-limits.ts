/** Outgoing messages' limits, without zod, so the browser's forms can use them (./outgoing.ts uses them too). */

/** Longest comment on a forwarded letter (MeMo ForwardData `comment`). */
export const FORWARD_COMMENT_MAX = 1000;
