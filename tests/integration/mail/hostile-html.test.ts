import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { createCitizen, deliverLetter, letterInput, signedInCitizen } from '../../fixtures/citizens';
import { HTML_LIMITS } from '../../../src/lib/server/mail/html-limits';
import { pull } from '../sync/helpers';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const serverPid = inject('serverPid');

function htmlLetter(cpr: string, html: string) {
	const input = letterInput(cpr);
	input.mainDocument.files = [
		{
			encodingFormat: 'text/html',
			filename: 'brev.html',
			language: 'da',
			content: Buffer.from(html).toString('base64')
		}
	];
	return input;
}

/** Resident memory of the server process (its sanitizer threads included), in MB. */
function serverRssMb(): number {
	const status = readFileSync(`/proc/${serverPid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const nested = (depth: number) => `${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}`;

describe('hostile letter HTML', () => {
	it('refuses a deeply nested letter at once with 400 naming the file', async () => {
		const citizen = await createCitizen(dataDir);
		// 100,000 nested elements in ~1 MB: this stalled the whole server for minutes before.
		const res = await deliverLetter(baseUrl, dataDir, htmlLetter(citizen.cpr, nested(100_000)));
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ error: 'html_too_complex', field: 'mainDocument.files.0.content' });
		expect(res.body.message).toMatch(/nests elements more than 256 deep/);
	});

	it('refuses megabytes of markup (400, too many elements) and an oversized document (413)', async () => {
		const citizen = await createCitizen(dataDir);
		const many = await deliverLetter(baseUrl, dataDir, htmlLetter(citizen.cpr, '<b>x</b>'.repeat(400_000)));
		expect(many.status).toBe(400);
		expect(many.body).toMatchObject({ error: 'html_too_complex', field: 'mainDocument.files.0.content' });
		const big = `<p>${'a'.repeat(HTML_LIMITS.maxBytes)}</p>`;
		const large = await deliverLetter(baseUrl, dataDir, htmlLetter(citizen.cpr, big));
		expect(large.status).toBe(413);
		expect(large.body).toMatchObject({ error: 'too_large', field: 'mainDocument.files.0.content' });
	});

	it('sanitizes off the request thread: another citizen pulls while the heaviest allowed letter is checked', async () => {
		const sender = await createCitizen(dataDir);
		const reader = await signedInCitizen(baseUrl, dataDir);
		const depth = HTML_LIMITS.maxDepth - 6;
		const heaviest = nested(depth).repeat(Math.floor((HTML_LIMITS.maxElements - 10) / depth));
		const hostile = htmlLetter(sender.cpr, nested(50_000));
		const rssBefore = serverRssMb();

		let deliveredAt = 0;
		const delivery = deliverLetter(baseUrl, dataDir, htmlLetter(sender.cpr, heaviest)).then((res) => {
			deliveredAt = performance.now();
			return res;
		});
		const refused = deliverLetter(baseUrl, dataDir, hostile);
		// Pull while the letter is being checked: each answer comes before the delivery's.
		const pulledAt: number[] = [];
		for (let i = 0; i < 3; i++) {
			await pull(reader.session, 'letters');
			pulledAt.push(performance.now());
		}
		const [answer, hostileAnswer] = await Promise.all([delivery, refused]);
		for (const at of pulledAt) expect(at).toBeLessThan(deliveredAt);
		// Within the limits: delivered, or refused for taking longer than its time budget on a busy machine.
		expect([201, 400]).toContain(answer.status);
		if (answer.status === 400) expect(answer.body).toMatchObject({ error: 'html_too_complex' });
		expect(hostileAnswer.status).toBe(400);
		// Refused letters leave no trace in memory: growth stays far below one sanitizer thread's heap cap.
		expect(serverRssMb() - rssBefore).toBeLessThan(256);
	});

	it('keeps ordinary letter HTML and answers the same sender normally afterwards', async () => {
		const citizen = await createCitizen(dataDir);
		const res = await deliverLetter(
			baseUrl,
			dataDir,
			htmlLetter(citizen.cpr, '<h1>Afgørelse</h1><p>Du har <strong>ret</strong> til <em>klage</em>.</p>')
		);
		expect(res.status).toBe(201);
	});
});
