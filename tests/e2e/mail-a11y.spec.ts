import { expect, test } from '@playwright/test';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	expectNoAxeViolations,
	letterLink,
	samplePdf
} from './helpers/mail';

test('the inbox and a full letter page have no WCAG 2 A/AA violations (Danish and Arabic)', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const { title } = await deliver(citizen, {
		legalNotification: true,
		reply: true,
		replyByDateTime: new Date(Date.now() + 2 * 86_400_000).toISOString(),
		caseID: 'SAG-2026-0042',
		mainDocument: {
			label: 'Indkaldelse',
			files: [
				{
					encodingFormat: 'application/pdf',
					filename: 'indkaldelse.pdf',
					content: await samplePdf('Indkaldelse')
				}
			],
			actions: [
				{
					label: 'Betal regningen',
					actionCode: 'BETALING',
					url: 'https://betaling.example.dk/faktura/42',
					endDateTime: new Date(Date.now() + 10 * 86_400_000).toISOString()
				},
				{
					label: 'Tid hos tandlægen',
					actionCode: 'AFTALE',
					reservation: {
						uid: '0b6f7c1e-58a4-4a5e-9d8b-2f0f6f1f9c11',
						abstract: 'Tandlæge',
						description: 'Husk sundhedskortet',
						location: 'Kommunal Tandpleje',
						start: '2026-12-01T09:30:00+01:00',
						end: '2026-12-01T10:00:00+01:00',
						organizerName: 'Kommunen'
					}
				}
			]
		}
	});
	await deliver(citizen);
	const { page, context } = await device(browser, citizen);
	try {
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
		await expectNoAxeViolations(page);

		await letterLink(page, title).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await expect(page.getByText('Juridisk meddelelse:')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Betal regningen' })).toHaveAttribute(
			'href',
			'https://betaling.example.dk/faktura/42'
		);
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Gem i kalender' }).click();
		const ics = await (await download).createReadStream();
		const text = await new Promise<string>((resolve) => {
			let data = '';
			ics.on('data', (chunk) => (data += chunk));
			ics.on('end', () => resolve(data));
		});
		expect(text).toContain('SUMMARY:Tandlæge');
		expect(text).toContain('DTSTART:20261201T083000Z');
		await page.getByRole('button', { name: 'Vis her' }).click();
		await expectNoAxeViolations(page);

		await page.goto('/ar/mail');
		await expect(page.getByRole('heading', { level: 1, name: 'صندوق الوارد' })).toBeVisible({
			timeout: 30_000
		});
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(letterLink(page, title)).toBeVisible();
		await expectNoAxeViolations(page);
	} finally {
		await context.close();
	}
});
