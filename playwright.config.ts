import { defineConfig } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromiumArgs, findChromium } from './scripts/chromium.js';

// `npm test` passes a free port and a fresh data folder; a direct `playwright test` uses these.
process.env.E2E_PORT ??= '4173';
process.env.E2E_DATA_DIR ??= resolve('test-results/e2e-data');
mkdirSync(process.env.E2E_DATA_DIR, { recursive: true });

const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
const executablePath = findChromium() ?? undefined;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	// Offline and service-worker specs change browser-wide state; one worker keeps them apart.
	workers: 1,
	fullyParallel: false,
	forbidOnly: true,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		baseURL,
		browserName: 'chromium',
		launchOptions: { executablePath, args: chromiumArgs },
		trace: 'off'
	},
	webServer: {
		command: 'node build/index.js',
		url: `${baseURL}/`,
		reuseExistingServer: false,
		timeout: 120_000,
		env: {
			PORT: port,
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATABASE_PATH: `${process.env.E2E_DATA_DIR}/postkasse.db`,
			BODY_SIZE_LIMIT: 'Infinity'
		}
	}
});
