import { expect, test } from '@playwright/test';
import { accessAction, giveAccess, grantBetween } from '../fixtures/access';
import { signInHttp } from '../fixtures/citizens';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	deviceStorage,
	expectNoAxeViolations,
	letterLink
} from './helpers/mail';

// The helper's side of "someone you trust", in a real browser: the owner gives read access, the helper switches
// to the owner's post (its own database on the device, a band that says whose post it is, no reply or delete),
// then the owner ends the access and the helper's next sync removes the owner's post from the device.

const baseUrl = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`;

test('a read-only helper sees the owner’s post under a band, and loses it when the access ends', async ({
	browser
}) => {
	const owner = await createCitizen(dataDir, { name: 'Karen Hansen' });
	const helper = await createCitizen(dataDir, { name: 'Ole Hjælper' });
	const { session: ownerSession } = await signInHttp(baseUrl, owner);
	await giveAccess(ownerSession, helper, 'read');
	// The letter asks for a reply: the owner could answer it, a read-only helper may not.
	const { title } = await deliver(owner, { reply: true });
	const own = await deliver(helper);

	const { page, context } = await device(browser, helper);
	await expect(letterLink(page, own.title)).toBeVisible();
	const switcher = page.getByTestId('mailbox-switch');
	await expect(switcher.getByRole('button', { name: 'Min post' })).toHaveAttribute('aria-current', 'true');
	await expect(page.getByTestId('helping-band')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Skriv ny besked', exact: true })).toBeVisible();

	await switcher.getByRole('button', { name: 'Post for Karen Hansen (kun læse)' }).click();
	const band = page.getByTestId('helping-band');
	await expect(band).toContainText('Du ser post for Karen Hansen. Du kan kun læse.');
	await expect(letterLink(page, title)).toBeVisible({ timeout: 30_000 });
	await expect(letterLink(page, own.title)).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Skriv ny besked', exact: true })).toHaveCount(0);
	await expectNoAxeViolations(page);

	// The owner's post is its own database on this device, named for the helper and the owner's mailbox.
	const helpedDatabase = `postkasse-${helper.citizenId}-${owner.mailboxId}`.toLowerCase();
	expect((await deviceStorage(page)).databases.some((name) => name.includes(helpedDatabase))).toBe(true);

	await letterLink(page, title).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Svar', exact: true })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Slet', exact: true })).toHaveCount(0);
	await expect(band).toBeVisible();

	// The owner ends the access: the helper's next sync drops the copy and goes back to the helper's own post.
	const grant = await grantBetween(dataDir, owner, helper);
	expect(await accessAction(ownerSession, 'end', { grant: grant.id })).toEqual({
		type: 'success',
		status: 200
	});
	await expect(page.getByTestId('access-ended')).toContainText('Karen Hansen', { timeout: 30_000 });
	await expect(page.getByTestId('helping-band')).toHaveCount(0);
	await expect(page.getByTestId('mailbox-switch')).toHaveCount(0);
	await expect(letterLink(page, own.title)).toBeVisible();
	const after = await deviceStorage(page);
	expect(after.databases.filter((name) => name.includes(helpedDatabase))).toEqual([]);
	expect(after.local.filter((key) => key.includes(owner.mailboxId))).toEqual([]);
	await context.close();
});
