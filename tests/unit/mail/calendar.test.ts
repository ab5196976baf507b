import { describe, expect, it } from 'vitest';
import { reservationToIcs } from '../../../src/lib/mail/calendar';

describe('appointment as .ics', () => {
	it('writes a calendar event with the reservation times in UTC', async () => {
		const ics = await reservationToIcs(
			{
				uid: '0b6f7c1e-58a4-4a5e-9d8b-2f0f6f1f9c11',
				abstract: 'Tandlæge',
				description: 'Husk sundhedskortet',
				location: 'Kommunal Tandpleje, Vejle',
				start: '2026-12-01T09:30:00+01:00',
				end: '2026-12-01T10:00:00+01:00',
				organizerName: 'Vejle Kommune',
				organizerEmail: 'tand@vejle.dk'
			},
			'https://vejle.dk/tandpleje'
		);
		expect(ics).toContain('BEGIN:VEVENT');
		expect(ics).toContain('UID:0b6f7c1e-58a4-4a5e-9d8b-2f0f6f1f9c11');
		expect(ics).toContain('DTSTART:20261201T083000Z');
		expect(ics).toContain('DTEND:20261201T090000Z');
		expect(ics).toContain('SUMMARY:Tandlæge');
		expect(ics).toContain('LOCATION:Kommunal Tandpleje\\, Vejle');
	});
});
