/** An appointment (MeMo action AFTALE with a reservation) as an .ics calendar file. */
import type { Reservation } from '$lib/schemas/letter';

export async function reservationToIcs(reservation: Reservation, url?: string): Promise<string> {
	const { createEvent } = await import('ics');
	const { error, value } = createEvent({
		uid: reservation.uid,
		title: reservation.abstract,
		description: reservation.description || undefined,
		location: reservation.location || undefined,
		start: Date.parse(reservation.start),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: Date.parse(reservation.end),
		endInputType: 'utc',
		endOutputType: 'utc',
		url,
		productId: 'postkasse/ics',
		organizer:
			reservation.organizerName || reservation.organizerEmail
				? { name: reservation.organizerName || undefined, email: reservation.organizerEmail }
				: undefined
	});
	if (error || !value) throw error ?? new Error('could not create the calendar file');
	return value;
}

/** Lets the browser save the text as a file, without a server round trip (works offline). */
export function downloadText(text: string, filename: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
