// Git merge driver for messages/*.json: a three-way merge key by key, so branches that each add
// messages merge without conflict. A key changed differently on both sides is a real conflict (exit 1).
// Set up once per clone: see README ("Working on branches").
import { readFileSync, writeFileSync } from 'node:fs';

/** @param {string | undefined} path @returns {Record<string, unknown>} */
const read = (path) => (path ? JSON.parse(readFileSync(path, 'utf8') || '{}') : {});
const [basePath, oursPath, theirsPath] = process.argv.slice(2);
if (!oursPath) throw new Error('usage: merge-messages.js <base> <ours> <theirs>');
const base = read(basePath);
const ours = read(oursPath);
const theirs = read(theirsPath);

/** @param {unknown} a @param {unknown} b */
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
/** @type {Record<string, unknown>} */
const result = {};
const conflicts = [];
const keys = [...Object.keys(ours)];
for (const key of Object.keys(theirs)) if (!(key in ours)) keys.push(key);

for (const key of keys) {
	const [o, a, b] = [base[key], ours[key], theirs[key]];
	let value;
	if (same(a, b)) value = a;
	else if (same(a, o)) value = b;
	else if (same(b, o)) value = a;
	else {
		conflicts.push(key);
		value = a;
	}
	if (value !== undefined) result[key] = value;
}
writeFileSync(oursPath, JSON.stringify(result, null, '\t') + '\n');
if (conflicts.length) {
	console.error(`messages: both sides changed ${conflicts.join(', ')} (kept ours)`);
	process.exit(1);
}
