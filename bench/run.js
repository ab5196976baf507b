// `npm run bench`: runs every suite in bench/suites (or those named on the command line),
// each writes bench/results/<suite>.json and prints its own table. Not a test: nothing here fails CI.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const wanted = new Set(process.argv.slice(2));
const suites = readdirSync(new URL('./suites/', import.meta.url))
	.filter((file) => file.endsWith('.js'))
	.sort()
	.filter((file) => wanted.size === 0 || wanted.has(basename(file, '.js')));

if (suites.length === 0) {
	console.error('No benchmark suites found in bench/suites.');
	process.exit(1);
}

for (const file of suites) {
	console.log(`\n=== ${basename(file, '.js')} ===`);
	const suite = await import(pathToFileURL(new URL(`./suites/${file}`, import.meta.url).pathname).href);
	await suite.run();
}
