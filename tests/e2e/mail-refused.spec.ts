import { expect, test } from '@playwright/test';
import { signInHttp } from '../fixtures/citizens';
import { accessAction, giveAccess, grantBetween } from '../fixtures/access';
import type { LetterDoc } from '../../src/lib/schemas/letter';
import { schemaVersions } from '../../src/lib/schemas/sync-constants';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	expectAllSaved,
	expectNoAxeViolations,
	letterLink
} from './helpers/mail';

// Changes the server refuses for good (here: a helper's access was lowered to reading while the helper's
// reply and move to the trash waited) are given up: the letter goes back where the server has it, the reply
// stays in the outbox as not sent, the sync bar says the changes were not saved, and nothing is left waiting
// or retried.

const baseUrl = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`;

test('a change the server refuses is undone on the device, and the helper is told', async ({ browser }) => {
	test.setTimeout(120_000);
	const owner = await createCitizen(dataDir, { name: 'Karen Hansen' });
	const helper = await createCitizen(dataDir, { name: 'Ole Hjælper' });
	const { letterId, title } = await deliver(owner, { reply: true });
	const { session: ownerHttp } = await signInHttp(baseUrl, owner);
	await giveAccess(ownerHttp, helper, 'read_write');
	const onServer = async () => {
		const res = await ownerHttp.fetch(`/api/sync/v1/letters/pull?v=${schemaVersions.letters}`);
		const letter = ((await res.json()) as { documents: LetterDoc[] }).documents.find(
			(d) => d.id === letterId
		);
		return { folder: letter?.folder, trashedAt: letter?.trashedAt };
	};

	const h = await device(browser, helper);
	try {
		await h.page
			.getByTestId('mailbox-switch')
			.getByRole('button', { name: /Karen Hansen/ })
			.click();
		await expect(letterLink(h.page, title)).toBeVisible({ timeout: 30_000 });
		await expectAllSaved(h.page);

		// A reply and a move to the trash cannot reach the server yet…
		const push = '**/api/sync/v1/*/push**';
		await h.page.route(push, (route) => route.abort());
		await letterLink(h.page, title).click();
		await h.page.getByRole('link', { name: 'Svar', exact: true }).click();
		await h.page.getByLabel('Besked').fill('Karen kommer gerne. Hilsen Ole.');
		await h.page.getByRole('button', { name: 'Send' }).click();
		await expect(h.page.getByRole('heading', { level: 1, name: 'Udbakke' })).toBeVisible();
		await h.page.goto(`/mail/letter/${letterId}`);
		await h.page.getByRole('button', { name: 'Slet', exact: true }).click();
		await expect(h.page.locator('.sync-bar')).toContainText('2 ændringer venter');
		// … and meanwhile the owner lowers the access to reading, which allows neither.
		const grant = await grantBetween(dataDir, owner, helper);
		expect(await accessAction(ownerHttp, 'level', { grant: grant.id, level: 'read' })).toEqual({
			type: 'success',
			status: 200
		});
		await h.page.unroute(push);

		const notice = h.page.locator('.sync-bar .refused');
		await expect(notice).toContainText('2 ændringer blev ikke gemt, fordi Postkasse ikke tillod dem.', {
			timeout: 30_000
		});
		await expectAllSaved(h.page);
		await h.page.getByRole('link', { name: /^Indbakke/ }).click();
		await expect(letterLink(h.page, title)).toBeVisible();
		expect(await onServer()).toEqual({ folder: 'inbox', trashedAt: null });
		await expectNoAxeViolations(h.page);
		await h.page.getByRole('link', { name: /^Udbakke/ }).click();
		await expect(h.page.locator('[data-status="failed"]')).toContainText('Karen kommer gerne');
		const sentOnServer = await ownerHttp.fetch(`/api/sync/v1/outgoing/pull?v=${schemaVersions.outgoing}`);
		expect(((await sentOnServer.json()) as { documents: unknown[] }).documents).toEqual([]);

		// Given up for good: no push is refused again, and the notice closes.
		let refusedAgain = 0;
		h.page.on('response', (res) => {
			if (res.url().includes('/api/sync/v1/letters/push') && res.status() === 403) refusedAgain += 1;
		});
		await h.page.getByRole('button', { name: 'Luk' }).click();
		await expect(notice).toBeEmpty();
		await h.page.reload();
		await expect(h.page.locator('[data-status="failed"]')).toContainText('Karen kommer gerne', {
			timeout: 30_000
		});
		await expectAllSaved(h.page);
		expect(refusedAgain).toBe(0);
	} finally {
		await h.context.close();
	}
});
