import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../scripts/free-port.js';
import { waitForServiceWorker } from './pwa-helpers';

// A release in miniature, without touching the shared build/: copy the build, serve the copy on its own
// port, then "deploy" a changed worker into the copy and restart, as a real server would be.

async function startServer(dir: string, port: number, dataDir: string): Promise<ChildProcess> {
	const child = spawn(process.execPath, [`${dir}/index.js`], {
		stdio: 'ignore',
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			DATABASE_PATH: `${dataDir}/postkasse.db`
		}
	});
	await expect
		.poll(
			async () => {
				if (child.exitCode !== null) throw new Error(`copied server exited with ${child.exitCode}`);
				return fetch(`http://127.0.0.1:${port}/`).then(
					(r) => r.status,
					() => 0
				);
			},
			{ timeout: 60_000 }
		)
		.toBe(200);
	return child;
}

async function stopServer(child: ChildProcess | undefined) {
	if (!child || child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

/** Changes the worker the way a new release does: new code and a new revision for one kept page. */
function releaseNewWorker(dir: string, newRevision: string) {
	const file = `${dir}/client/service-worker.js`;
	const source = readFileSync(file, 'utf8');
	const entry = /\{"pack":"pages-en","revision":"([0-9a-f]+)","url":"en\/offline"\}/;
	expect(source).toMatch(entry);
	writeFileSync(
		file,
		`${source.replace(entry, `{"pack":"pages-en","revision":"${newRevision}","url":"en/offline"}`)}\n// release ${newRevision}\n`
	);
	// The server prefers precompressed copies; drop the stale ones so the new file is what it serves.
	rmSync(`${file}.br`, { force: true });
	rmSync(`${file}.gz`, { force: true });
}

/** Revisions of a page in the English pages pack (one, unless an update left an old copy behind). */
async function precacheRevisions(page: Page, path: string): Promise<string[]> {
	return page.evaluate(async (wanted) => {
		const keys = await (await caches.open('postkasse-pack-pages-en')).keys();
		return keys
			.map((request) => new URL(request.url))
			.filter((url) => url.pathname === wanted)
			.map((url) => url.searchParams.get('__rev') ?? '');
	}, path);
}

test('a changed worker shows the update prompt, and accepting it activates the new version', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const dir = testInfo.outputPath('build');
	const dataDir = testInfo.outputPath('data');
	cpSync('build', dir, { recursive: true });
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const newRevision = 'e2e0000000000000000000000000beef';

	let server: ChildProcess | undefined = await startServer(dir, port, dataDir);
	const context = await browser.newContext({ baseURL: origin });
	try {
		const page = await context.newPage();
		await page.goto('/en');
		await waitForServiceWorker(page);
		// The first install tells the reader the app now works offline.
		await expect(page.getByTestId('pwa-offline-ready')).toContainText('Ready to work offline.');
		const [oldRevision] = await precacheRevisions(page, '/en/offline');
		expect(oldRevision).toMatch(/^[0-9a-f]{32}$/);

		// Leftovers: an old runtime cache (to be cleaned) and a reader's letter-file cache (to be kept).
		await page.evaluate(async () => {
			await (await caches.open('workbox-runtime-old-release')).put('/old', new Response('old'));
			await (await caches.open('postkasse-files-e2e-citizen')).put('/api/v1/files/x', new Response('x'));
		});

		await stopServer(server);
		releaseNewWorker(dir, newRevision);
		server = await startServer(dir, port, dataDir);

		// The browser checks for a new worker on navigation; it installs and then waits for the reader.
		await page.reload();
		const prompt = page.getByTestId('pwa-update');
		await expect(prompt).toContainText('A new version is ready.', { timeout: 30_000 });
		expect(await page.evaluate(async () => !!(await navigator.serviceWorker.ready).waiting)).toBe(true);

		await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Update' }).click()]);
		await waitForServiceWorker(page);
		await expect(page.getByTestId('pwa-update')).toHaveCount(0);

		const after = await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.ready;
			return {
				waiting: !!registration.waiting,
				controlled: !!navigator.serviceWorker.controller,
				caches: (await caches.keys()).sort()
			};
		});
		expect(after).toMatchObject({ waiting: false, controlled: true });
		// The new version refreshed the packs this reader had (English too) and replaced the old entry; old
		// caches went, the reader's files stayed, no other language arrived with the update.
		expect(await precacheRevisions(page, '/en/offline')).toEqual([newRevision]);
		expect(after.caches).toContain('postkasse-files-e2e-citizen');
		expect(after.caches).not.toContain('workbox-runtime-old-release');
		expect(after.caches.filter((name) => name.startsWith('postkasse-pack-'))).toEqual([
			'postkasse-pack-pages-da',
			'postkasse-pack-pages-en',
			'postkasse-pack-shell'
		]);
	} finally {
		await context.close();
		await stopServer(server);
	}
});
