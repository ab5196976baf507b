/** Shared steps of the mail browser specs: citizens, sign-in in their own browser context, letters. */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createCitizen, deliverLetter, letterInput, signIn, type TestCitizen } from '../../fixtures/citizens';
import type { DeliverMessageInput } from '../../../src/lib/schemas/letter';

export const dataDir = process.env.E2E_DATA_DIR!;

export { createCitizen, type TestCitizen };

export interface Device {
	context: BrowserContext;
	page: Page;
}

/** A separate browser profile (its own IndexedDB, caches and cookies), signed in as the citizen. */
export async function device(
	browser: Browser,
	citizen: TestCitizen,
	options: { sharedComputer?: boolean } = {}
): Promise<Device> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, citizen, options);
	await expectMailbox(page);
	return { context, page };
}

/** The mailbox has opened (the inbox heading and the sync status are there). */
export async function expectMailbox(page: Page): Promise<void> {
	await expect(page.getByRole('heading', { level: 1, name: 'Indbakke' })).toBeVisible({ timeout: 30_000 });
	await expect(page.locator('.sync-bar')).toBeVisible();
}

/** Waits until every local change has reached the server. */
export async function expectAllSaved(page: Page): Promise<void> {
	await expect(page.locator('.sync-bar [role="status"]')).toContainText('Alt er gemt', { timeout: 30_000 });
}

/** A one-page PDF, made here so the test knows exactly what it holds. */
export async function samplePdf(text: string): Promise<string> {
	const pdf = await PDFDocument.create();
	const font = await pdf.embedFont(StandardFonts.Helvetica);
	pdf.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 14, font });
	return Buffer.from(await pdf.save()).toString('base64');
}

/** Delivers a letter as the demo tax authority; returns its id and title. */
export async function deliver(
	citizen: TestCitizen,
	overrides: Partial<DeliverMessageInput> = {}
): Promise<{ letterId: string; title: string }> {
	const title = overrides.label ?? `Brev ${randomUUID().slice(0, 8)}`;
	const { status, body } = await deliverLetter(
		process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`,
		dataDir,
		letterInput(citizen.cpr, { label: title, ...overrides })
	);
	expect(status, JSON.stringify(body)).toBe(201);
	return { letterId: String(body.letterId), title };
}

/** The link of a letter in the list on screen. */
export function letterLink(page: Page, title: string) {
	return page.getByRole('link', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(result.violations).toEqual([]);
}

/** Names of IndexedDB databases and Cache Storage caches of the page's origin. */
export async function deviceStorage(
	page: Page
): Promise<{ databases: string[]; caches: string[]; local: string[] }> {
	return page.evaluate(async () => ({
		databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
		caches: await caches.keys(),
		local: Object.keys(localStorage)
	}));
}
