import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltServer } from '../../scripts/built-server.js';
import { startPostgres } from '../../scripts/postgres.js';
import { createCitizen, deliverLetter, letterInput, recordDatabaseUrl, signIn } from '../fixtures/citizens';
import { expectMailbox, letterLink } from './helpers/mail';

/**
 * Two app processes on one PostgreSQL, as `npm run start:cluster` runs them (the shared test server stays
 * on SQLite): a browser on process B sees a letter that a sender delivered through process A, live.
 */
type Server = Awaited<ReturnType<typeof startBuiltServer>>;
let postgres: Awaited<ReturnType<typeof startPostgres>>;
let a: Server;
let b: Server;
let dataDir: string;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	postgres = await startPostgres();
	dataDir = mkdtempSync(join(tmpdir(), 'postkasse-e2e-cluster-'));
	recordDatabaseUrl(dataDir, postgres.url);
	a = await startBuiltServer({ dataDir, databaseUrl: postgres.url });
	b = await startBuiltServer({ dataDir, databaseUrl: postgres.url });
});

test.afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	await postgres?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a letter delivered through process A appears without a reload in a browser on process B', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const context = await browser.newContext({ baseURL: b.baseUrl });
	try {
		const page = await context.newPage();
		await signIn(page, citizen);
		await expectMailbox(page);
		await expect(page.getByText('Der er ingen breve her.')).toBeVisible();

		const title = 'Brev leveret gennem proces A';
		const delivered = await deliverLetter(a.baseUrl, dataDir, letterInput(citizen.cpr, { label: title }));
		expect(delivered.status).toBe(201);
		await expect(letterLink(page, title)).toBeVisible({ timeout: 20_000 });
		expect(new URL(page.url()).origin).toBe(b.baseUrl);
	} finally {
		await context.close();
	}
});
