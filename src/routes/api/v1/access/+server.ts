import { handleHelpedMailboxes } from '$lib/server/access/api';

export const GET = handleHelpedMailboxes;
