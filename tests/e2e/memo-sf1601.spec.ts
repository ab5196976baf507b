import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { senderApiKey } from '../fixtures/citizens';
import { memoFixture, pdfBase64 } from '../fixtures/memo';
import { createCitizen, dataDir, device, expectNoAxeViolations, letterLink } from './helpers/mail';

/** Posts MeMo XML as an authority's system does (SF1601 KombiPostAfsend). */
async function kombiPostAfsend(baseURL: string, xml: string) {
	const res = await fetch(new URL('/service/KombiPostAfsend_1/memos', baseURL), {
		method: 'POST',
		headers: {
			authorization: `Bearer ${senderApiKey(dataDir, 'skat')}`,
			'content-type': 'application/xml',
			'x-transaktionsid': randomUUID(),
			'x-transaktionstid': new Date().toISOString()
		},
		body: xml
	});
	expect(res.status, await res.clone().text()).toBe(201);
	return (await res.json()) as { letterId: string };
}

test('a MeMo XML letter with a PDF, an appointment and a payment reaches the open mailbox live', async ({
	browser,
	baseURL
}) => {
	const citizen = await createCitizen(dataDir);
	const { context, page } = await device(browser, citizen);
	try {
		await expect(page.getByText('Der er ingen breve her.')).toBeVisible();
		await kombiPostAfsend(baseURL!, await memoFixture('full-letter.xml', { CPR: citizen.cpr }));
		await kombiPostAfsend(baseURL!, await memoFixture('nemsms.xml', { CPR: citizen.cpr }));

		// Both arrive without a reload.
		await expect(letterLink(page, 'Tilbud om plads i børnehave')).toBeVisible({ timeout: 20_000 });
		await expect(letterLink(page, 'Husk din tid')).toBeVisible();

		await letterLink(page, 'Tilbud om plads i børnehave').click();
		await expect(page.getByRole('heading', { level: 1, name: 'Tilbud om plads i børnehave' })).toBeVisible();

		// The PDF is there and opens with the bytes that were sent.
		const pdfItem = page.locator('.file').filter({ hasText: 'Tilbud om plads.pdf' });
		await expect(pdfItem).toBeVisible();
		const pdfHref = await pdfItem.getByRole('link', { name: /Åbn/ }).getAttribute('href');
		const pdf = await page.evaluate(async (href) => {
			const res = await fetch(href!);
			const bytes = new Uint8Array(await res.arrayBuffer());
			return {
				status: res.status,
				type: res.headers.get('content-type'),
				base64: btoa(String.fromCharCode(...bytes))
			};
		}, pdfHref);
		expect(pdf).toEqual({ status: 200, type: 'application/pdf', base64: await pdfBase64() });
		await pdfItem.getByRole('button', { name: 'Vis her' }).click();
		await expect(pdfItem.locator('iframe')).toBeVisible();

		// The payment action links to the authority's payment page.
		const pay = page.getByRole('link', { name: 'Betal forældrebetaling' });
		await expect(pay).toHaveAttribute(
			'href',
			'https://betaling.kk.example/pladsanvisning?sag=BUF-2026-118&beloeb=2150'
		);

		// The appointment saves as a calendar file.
		const appointment = page.locator('.action').filter({ hasText: 'Opstart i børnehaven' });
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			appointment.getByRole('button', { name: 'Gem i kalender' }).click()
		]);
		expect(download.suggestedFilename()).toBe('aftale.ics');
		const ics = readFileSync((await download.path())!, 'utf8');
		expect(ics).toContain('BEGIN:VEVENT');
		expect(ics).toContain('UID:6c1f2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b');
		expect(ics).toContain('SUMMARY:Opstart i Solsikken');
		expect(ics).toContain('DTSTART:20270104T080000Z');
		expect(ics).toContain('DTEND:20270104T100000Z');
		expect(ics).toMatch(/LOCATION:Solvej 10\\?, 2300 København S/);

		// Technical data is kept, behind a disclosure; the page stays accessible.
		await expect(page.locator('details.technical summary')).toHaveText('Tekniske bilag');
		await expectNoAxeViolations(page);

		// The NemSMS reads as a short text message.
		await page.goBack();
		await letterLink(page, 'Husk din tid').click();
		await expect(page.getByTestId('nemsms')).toHaveText(/Kort besked \(NemSMS\)/);
		await expect(page.getByText('Husk din tid hos tandplejen i morgen kl. 9.30.')).toBeVisible();
	} finally {
		await context.close();
	}
});
