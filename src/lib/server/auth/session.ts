import type { RequestEvent } from '@sveltejs/kit';

export interface SessionCitizen {
	citizenId: string;
	userId: string;
	mailboxId: string;
	sessionId: string;
}

/** Reads the session cookie and returns the signed-in citizen, or null. */
export async function readSession(_event: RequestEvent): Promise<SessionCitizen | null> {
	return null;
}
