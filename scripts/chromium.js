// Finds the Chromium that browser tests and the benchmark drive (never a downloaded one).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** @returns {string | null} */
export function findChromium() {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
	return candidates.find((path) => existsSync(path)) ?? null;
}

/**
 * Returns a Chromium path; installs Debian's package when running as root on Debian,
 * otherwise exits with a message that says what to install.
 * @returns {string}
 */
export function ensureChromium() {
	const found = findChromium();
	if (found) return found;
	if (process.env.CHROMIUM_PATH) {
		console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
		process.exit(1);
	}
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (isRoot && existsSync('/etc/debian_version')) {
		console.log('Chromium not found: installing Debian package "chromium" …');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
		execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-core'], {
			stdio: 'inherit',
			env
		});
		const installed = findChromium();
		if (installed) return installed;
	}
	console.error(
		'No Chromium found. Install it (Debian/Ubuntu: "sudo apt-get install chromium") ' +
			'or set CHROMIUM_PATH to a Chromium or Chrome binary. Browsers are never downloaded by the tests.'
	);
	process.exit(1);
}

/** Flags that keep Chromium quiet on a closed network and working as root. */
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage'
];

/**
 * Checks it runs at all; a clear message beats a cryptic launch failure.
 * @param {string} path
 */
export function chromiumVersion(path) {
	return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
}
