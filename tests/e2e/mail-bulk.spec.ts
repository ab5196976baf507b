/**
 * An empty device's first load in bulk ($lib/sync/bulk-load.ts) and a device that comes back after the server
 * purged tombstones it never saw (410 checkpoint_expired → push what waits, then start over).
 */
import { expect, test, type Page } from '@playwright/test';
import { deliverMany, signIn, signInHttp, withDatabase, type HttpSession } from '../fixtures/citizens';
import { purgeTrash } from '../../src/lib/server/mail/retention';
import { purgeTombstones } from '../../src/lib/server/sync/tombstones';
import { DAY } from '../../src/lib/server/config';
import type { LetterDoc } from '../../src/lib/schemas/letter';
import { schemaVersions } from '../../src/lib/schemas/sync-constants';
import {
	createCitizen,
	dataDir,
	deliver,
	device,
	expectAllSaved,
	expectMailbox,
	expectNoAxeViolations,
	letterLink
} from './helpers/mail';
import { waitForPacks, waitForServiceWorker } from './pwa-helpers';

const baseUrl = () => process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`;

/** Every letter in the device's RxDB storage (IndexedDB), read straight from the object store. */
async function storedLetters(
	page: Page
): Promise<{ id: string; title: string; read: boolean; folder: string; _deleted: boolean }[] | null> {
	return page
		.evaluate(async () => {
			const name = (await indexedDB.databases())
				.map((d) => d.name ?? '')
				.find((n) => /^rxdb-dexie-postkasse-[^.]*--\d+--letters$/.test(n));
			if (!name) return [];
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open(name);
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			const store = [...db.objectStoreNames].find((s) => s.includes('docs'))!;
			const all = await new Promise<unknown[]>((resolve, reject) => {
				const req = db.transaction(store).objectStore(store).getAll();
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			db.close();
			// RxDB's Dexie storage keeps `_deleted` as '0' / '1' (an index over a boolean).
			return (all as { id: string; title: string; read: boolean; folder: string; _deleted: unknown }[]).map(
				(d) => ({ ...d, _deleted: d._deleted === true || d._deleted === '1' })
			);
		})
		.catch((error: Error) => {
			// The page may be starting again (a reload) while it is read: ask again.
			if (/context was destroyed|navigation/i.test(error.message)) return null;
			throw error;
		});
}

async function serverLetters(session: HttpSession): Promise<LetterDoc[]> {
	const res = await session.fetch(
		`/api/sync/v1/letters/pull?checkpoint=0&limit=1000&v=${schemaVersions.letters}`
	);
	expect(res.status).toBe(200);
	return ((await res.json()) as { documents: LetterDoc[] }).documents;
}

async function change(session: HttpSession, doc: LetterDoc, next: Partial<LetterDoc>): Promise<void> {
	const res = await session.fetch(`/api/sync/v1/letters/push?v=${schemaVersions.letters}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows: [{ assumedMasterState: doc, newDocumentState: { ...doc, ...next } }] })
	});
	expect(res.status).toBe(200);
}

test('an empty device loads in bulk; letters delivered and changed meanwhile arrive once, in their newest state', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	await deliverMany(dataDir, citizen, 400); // two pages: 250, then the rest
	const { session } = await signInHttp(baseUrl(), citizen);
	const before = await serverLetters(session);
	const newest = before.find((d) => d.title === 'Brev nummer 400')!; // in the first page
	const oldest = before.find((d) => d.title === 'Brev nummer 1')!; // in the second page

	const context = await browser.newContext();
	let lateTitle = '';
	let firstScreenSeen: () => void = () => undefined;
	const firstScreen = new Promise<void>((resolve) => (firstScreenSeen = resolve));
	await context.route('**/api/sync/v1/letters/bulk**', async (route) => {
		const response = await route.fetch();
		if (!route.request().url().includes('before=')) {
			// During the load: a new letter arrives, and another device files one letter of each page.
			lateTitle = (await deliver(citizen, { label: 'Kom under indlæsningen' })).title;
			await change(session, newest, {
				folder: 'archive',
				changedAt: { ...newest.changedAt, folder: Date.now() }
			});
			await change(session, oldest, { read: true, changedAt: { ...oldest.changedAt, read: Date.now() } });
		} else {
			// The second page waits until the first screen of letters is on show.
			await firstScreen;
		}
		await route.fulfill({ response });
	});
	const page = await context.newPage();
	try {
		await signIn(page, citizen);
		await expectMailbox(page);
		await expect(page.locator('.letter-row').first()).toBeVisible({ timeout: 20_000 });
		firstScreenSeen();

		await expect(letterLink(page, lateTitle)).toBeVisible({ timeout: 30_000 });
		await expect(page.locator('.summary[data-total]')).toHaveAttribute('data-total', '400', {
			timeout: 30_000
		});
		await expectAllSaved(page);
		await expect
			.poll(
				async () => {
					const stored = (await storedLetters(page)) ?? [];
					const byId = new Map(stored.map((d) => [d.id, d]));
					return {
						stored: stored.length,
						distinct: byId.size,
						deleted: stored.filter((d) => d._deleted).length,
						late: stored.filter((d) => d.title === lateTitle).length,
						newestFolder: byId.get(newest.id)?.folder,
						oldestRead: byId.get(oldest.id)?.read
					};
				},
				{ timeout: 30_000 }
			)
			.toEqual({
				stored: 401,
				distinct: 401,
				deleted: 0,
				late: 1,
				newestFolder: 'archive',
				oldestRead: true
			});
	} finally {
		await context.close();
	}
});

test('two tabs load at once: both store the second page, and each shows every letter once', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	await deliverMany(dataDir, citizen, 400); // two pages: 250, then the rest
	const context = await browser.newContext();
	// The second page is answered only once both tabs have asked for it, so both add it: one tab finds the
	// letters already there (IndexedDB refuses the keys) and must leave them be, without an error; the other
	// tab's change events tell it about them.
	let asked = 0;
	let bothAsked: () => void = () => undefined;
	const released = new Promise<void>((resolve) => (bothAsked = resolve));
	await context.route('**/api/sync/v1/letters/bulk**', async (route) => {
		if (route.request().url().includes('before=')) {
			if (++asked === 2) bothAsked();
			await released;
		}
		await route.fulfill({ response: await route.fetch() });
	});
	const first = await context.newPage();
	const second = await context.newPage();
	const interrupted: string[] = [];
	for (const page of [first, second])
		page.on('console', (message) => {
			if (/bulk load/i.test(message.text())) interrupted.push(message.text());
		});
	try {
		await signIn(first, citizen);
		await expect(first.locator('.letter-row').first()).toBeVisible({ timeout: 20_000 });
		await second.goto('/mail');
		await expectMailbox(second);
		for (const page of [first, second]) {
			await expect(page.locator('.summary[data-total]')).toHaveAttribute('data-total', '400', {
				timeout: 30_000
			});
		}
		expect(asked).toBe(2);
		const stored = (await storedLetters(second)) ?? [];
		expect({ stored: stored.length, distinct: new Set(stored.map((d) => d.id)).size }).toEqual({
			stored: 400,
			distinct: 400
		});
		await expectAllSaved(first);
		expect(interrupted).toEqual([]);
	} finally {
		await context.close();
	}
});

test('a device back after the tombstones were purged pushes its waiting change, then starts over', async ({
	browser
}) => {
	const citizen = await createCitizen(dataDir);
	const kept = await deliver(citizen, { label: 'Bliver her' });
	const gone = await deliver(citizen, { label: 'Bliver slettet' });
	const { session } = await signInHttp(baseUrl(), citizen);
	const { context, page } = await device(browser, citizen);
	try {
		await expect(letterLink(page, gone.title)).toBeVisible({ timeout: 20_000 });
		await letterLink(page, kept.title).click(); // opening marks it read
		await expect(page.getByRole('button', { name: 'Marker som ulæst' })).toBeVisible();
		await expectAllSaved(page);
		await waitForServiceWorker(page);
		await waitForPacks(page, ['mail', 'mail-da']);

		// Away: a change waits on the device.
		await context.setOffline(true);
		await page.getByRole('button', { name: 'Marker som ulæst' }).click();
		await expect(page.locator('.sync-bar')).toContainText('1 ændring venter');
		// Back to the list (the service worker serves it offline): an open letter would be marked read again.
		await page.goto('/mail');
		await expectMailbox(page);

		// Meanwhile the other letter is deleted elsewhere, purged from the trash, and its tombstone purged too.
		const doc = (await serverLetters(session)).find((d) => d.id === gone.letterId)!;
		await change(session, doc, {
			folder: 'trash',
			trashedAt: Date.now(),
			changedAt: { ...doc.changedAt, folder: Date.now() }
		});
		await withDatabase(dataDir, async (db) => {
			await db.run('UPDATE letters SET trashed_server_at = $1 WHERE id = $2', [
				Date.now() - 31 * DAY,
				gone.letterId
			]);
			await purgeTrash(db, Date.now(), 30 * DAY);
			await purgeTombstones(db, Date.now(), 90 * DAY); // stamps the tombstone
			await db.run('UPDATE letters SET deleted_at = $1 WHERE id = $2', [
				Date.now() - 91 * DAY,
				gone.letterId
			]);
			await purgeTombstones(db, Date.now(), 90 * DAY);
		});

		// Back, but its pushes do not get through yet: the pulls are refused (410), and the sync bar says the
		// letters will load again once the change is saved.
		await context.route('**/api/sync/v1/*/push**', (route) => route.abort());
		await context.setOffline(false);
		await expect(page.locator('.sync-bar .starting-over')).toHaveText(
			'Denne enhed har været væk længe, så dine breve hentes forfra. Først gemmes dine ændringer.',
			{ timeout: 30_000 }
		);
		await expect(page.locator('.sync-bar')).toContainText('1 ændring venter');
		expect(await storedLetters(page)).toHaveLength(2);
		await expectNoAxeViolations(page);

		// Then the waiting change reaches the server, and the device's copy is loaded again without the purged letter.
		await context.unrouteAll();
		await expect
			.poll(async () => (await serverLetters(session)).find((d) => d.id === kept.letterId)?.read, {
				timeout: 30_000
			})
			.toBe(false);
		await expect
			.poll(async () => (await storedLetters(page))?.map((d) => d.title).sort(), { timeout: 30_000 })
			.toEqual([kept.title]);
		await expectMailbox(page);
		await expect(letterLink(page, kept.title)).toBeVisible({ timeout: 20_000 });
		await expect(letterLink(page, kept.title)).toContainText('Ulæst');
		await expect(letterLink(page, gone.title)).toHaveCount(0);
		await expectAllSaved(page);
	} finally {
		await context.setOffline(false);
		await context.close();
	}
});
