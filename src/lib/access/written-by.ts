import { m } from '$lib/paraglide/messages';
import type { OutgoingDoc } from '$lib/schemas/outgoing';

/**
 * What a message says about who wrote it when a helper wrote it on the owner's behalf: to the owner
 * "Written by Jens for you", to the helper who wrote it "You wrote this for the owner"; null otherwise.
 */
export function writtenByText(
	message: Pick<OutgoingDoc, 'writtenBy'>,
	citizenId: string | null
): string | null {
	const by = message.writtenBy;
	if (!by) return null;
	return by.id === citizenId ? m.access_written_by_you() : m.access_written_by({ name: by.name });
}
