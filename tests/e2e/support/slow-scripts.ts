import type { Page } from '@playwright/test';

/**
 * Holds the app's scripts back, like a slow line does, so a test can type into the server-rendered page before
 * it hydrates. Call the returned function to let them load, then `untilHydrated`.
 * The page must not be controlled by the service worker, which would hand out the scripts it keeps at once.
 */
export async function holdAppScripts(page: Page): Promise<() => void> {
	let release!: () => void;
	const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/**/*.js', async (route) => {
		await scriptsMayLoad;
		await route.continue();
	});
	return release;
}

/** After the held scripts are let go: they have loaded and run, and the page has painted once since. */
export async function untilHydrated(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle');
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}
