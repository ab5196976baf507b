import { expect, test } from '@playwright/test';
import { signInHttp } from '../fixtures/citizens';
import type { LetterDoc } from '../../src/lib/schemas/letter';
import { schemaVersions } from '../../src/lib/schemas/sync-constants';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	deviceStorage,
	expectAllSaved,
	expectNoAxeViolations,
	letterLink
} from './helpers/mail';
import { waitForPacks, waitForServiceWorker } from './pwa-helpers';

// Someone you trust, the whole way through in a real browser (Danish; the Arabic pages are in
// access-settings.spec.ts): the helper asks for read access and the owner says yes; the helper, in their own
// browser, switches to the owner's post, reads a letter offline, archives it, and cannot reply or delete; the
// owner upgrades to read and write; the helper replies and may change the owner's notice contacts; the owner
// sees the reply marked as written by the helper and the history; the owner ends the access and the helper's
// next sync removes the owner's post from the device.

const baseUrl = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`;

test('a helper asks, reads offline, sorts, replies once allowed; the owner sees it all and ends the access', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const owner = await createCitizen(dataDir, { name: 'Karen Hansen' });
	const helper = await createCitizen(dataDir, { name: 'Ole Hjælper' });
	const { letterId, title } = await deliver(owner, { reply: true });
	const own = await deliver(helper);
	const { session: ownerHttp } = await signInHttp(baseUrl, owner);
	const serverFolder = async () => {
		const res = await ownerHttp.fetch(`/api/sync/v1/letters/pull?v=${schemaVersions.letters}`);
		return ((await res.json()) as { documents: LetterDoc[] }).documents.find((d) => d.id === letterId)
			?.folder;
	};

	// The helper asks for read access on the access page.
	const h = await device(browser, helper);
	const o = await device(browser, owner);
	try {
		await h.page.goto('/access');
		const ask = h.page.getByTestId('access-form-request');
		await ask.locator('input[name="userId"]').fill(owner.userId);
		await ask.locator('input[name="name"]').fill(owner.name);
		await ask.locator('input[name="level"][value="read"]').check();
		await ask.locator('button[type="submit"]').click();
		await expect(h.page.getByTestId('access-helping')).toContainText('Karen Hansen');
		await expectNoAxeViolations(h.page);

		// The owner sees the request when the mailbox opens, and says yes.
		await o.page.goto('/mail');
		await o.page.getByTestId('access-pending').getByRole('link').click();
		await expect(o.page.getByTestId('access-requests')).toContainText('Ole Hjælper');
		await expectNoAxeViolations(o.page);
		await o.page.getByTestId('access-requests').locator('form[action="?/approve"] button').click();
		await expect(o.page.getByTestId('access-helpers')).toContainText('Ole Hjælper');

		// The helper switches to the owner's post: a band says whose it is; no writing, replying or deleting.
		await h.page.goto('/mail');
		const switcher = h.page.getByTestId('mailbox-switch');
		await expect(switcher.getByRole('button', { name: 'Min post' })).toHaveAttribute('aria-current', 'true');
		await switcher.getByRole('button', { name: 'Post for Karen Hansen (kun læse)' }).click();
		const band = h.page.getByTestId('helping-band');
		await expect(band).toContainText('Du ser post for Karen Hansen. Du kan kun læse.');
		await expect(letterLink(h.page, title)).toBeVisible({ timeout: 30_000 });
		await expect(letterLink(h.page, own.title)).toHaveCount(0);
		await expect(h.page.getByRole('link', { name: 'Skriv ny besked', exact: true })).toHaveCount(0);
		await expectNoAxeViolations(h.page);
		// The owner's post is its own database on this device, named for the helper and the owner's mailbox.
		const helpedDatabase = `postkasse-${helper.citizenId}-${owner.mailboxId}`.toLowerCase();
		expect((await deviceStorage(h.page)).databases.some((name) => name.includes(helpedDatabase))).toBe(true);

		// Offline: the owner's post opens from the device, the letter reads, and archiving it waits for the network.
		await waitForServiceWorker(h.page);
		await waitForPacks(h.page, ['mail', 'mail-da']);
		await expectAllSaved(h.page);
		await h.context.setOffline(true);
		await h.page.goto('/mail');
		await expect(band).toContainText('Karen Hansen');
		await letterLink(h.page, title).click();
		await expect(h.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await expect(h.page.getByRole('link', { name: 'Svar', exact: true })).toHaveCount(0);
		await expect(h.page.getByRole('button', { name: 'Slet', exact: true })).toHaveCount(0);
		await h.page.getByRole('button', { name: 'Arkivér' }).click();
		await expect(h.page.locator('.sync-bar')).toContainText('1 ændring venter');
		await h.context.setOffline(false);
		await expectAllSaved(h.page);
		await expect.poll(serverFolder).toBe('archive');

		// The owner gives read and write access; the helper's next start of the mail pages knows it.
		await o.page.goto('/access');
		await o.page.getByTestId('access-helpers').locator('form[action="?/level"] button').click();
		await expect(o.page.getByTestId('access-done')).toContainText('Ole Hjælper');
		await h.page.goto(`/mail/letter/${letterId}`);
		await expect(band).toContainText('Du kan også skrive og svare for Karen Hansen.');
		await h.page.getByRole('link', { name: 'Svar', exact: true }).click();
		await h.page.getByLabel('Besked').fill('Karen kommer gerne. Hilsen Ole.');
		await h.page.getByRole('button', { name: 'Send' }).click();
		await expect(h.page.getByRole('heading', { level: 1, name: 'Udbakke' })).toBeVisible();
		await h.page.getByRole('link', { name: 'Sendt', exact: true }).first().click();
		const sent = h.page.locator('[data-status="sent"]');
		await expect(sent).toHaveCount(1, { timeout: 30_000 });
		await expect(sent.locator('[data-written-by]')).toHaveText('Du skrev denne for ejeren');
		await expectNoAxeViolations(h.page);

		// The helper's own accesses: whose, which level; and the owner's notice contacts, now allowed.
		await h.page.goto('/access');
		const helping = h.page.getByTestId('access-helping');
		await expect(helping).toContainText('Karen Hansen · Læse og skrive');
		await helping.getByTestId('access-notices-link').click();
		await expect(h.page.getByTestId('access-notices-band')).toContainText('Karen Hansen');
		await expectNoAxeViolations(h.page);

		// The owner sees the reply as written by the helper, in the sent list and in the letter's thread.
		await o.page.goto('/mail/sent');
		const ownerSent = o.page.locator('[data-status="sent"]');
		await expect(ownerSent.locator('[data-written-by]')).toHaveText('Skrevet af Ole Hjælper for dig', {
			timeout: 30_000
		});
		await expectNoAxeViolations(o.page);
		await o.page.goto(`/mail/letter/${letterId}`);
		await expect(o.page.locator('.thread [data-written-by]')).toHaveText('Skrevet af Ole Hjælper for dig');

		// … and what the helper did, in the history.
		await o.page.goto('/access');
		const history = o.page.getByTestId('access-history');
		for (const entry of [
			'bad om adgang',
			'fik ja',
			'åbnede din post',
			'flyttede et brev',
			'sendte en besked for dig'
		])
			await expect(history).toContainText(entry);
		await expect(history).toContainText(title);
		await expectNoAxeViolations(o.page);

		// The owner ends the access: the helper's next sync drops the copy and goes back to the helper's own post.
		await h.page.goto('/mail');
		await expect(band).toBeVisible();
		await o.page.getByTestId('access-helpers').locator('form[action="?/end"] button').click();
		await expect(o.page.getByTestId('access-done')).toContainText('Ole Hjælper');
		await expect(h.page.getByTestId('access-ended')).toContainText('Karen Hansen', { timeout: 30_000 });
		await expect(h.page.getByTestId('helping-band')).toHaveCount(0);
		await expect(h.page.getByTestId('mailbox-switch')).toHaveCount(0);
		await expect(letterLink(h.page, own.title)).toBeVisible();
		const after = await deviceStorage(h.page);
		expect(after.databases.filter((name) => name.includes(helpedDatabase))).toEqual([]);
		expect(after.local.filter((key) => key.includes(owner.mailboxId))).toEqual([]);
	} finally {
		await h.context.setOffline(false);
		await Promise.all([h.context.close(), o.context.close()]);
	}
});
