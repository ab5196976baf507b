// Git merge driver for messages/*.json: a three-way merge key by key, so branches that each add
// messages merge without conflict. A key changed differently on both sides is a real conflict (exit 1).
// Set up once per clone: see README ("Working on branches").
import { readFileSync, writeFileSync } from 'node:fs';

const [base, ours, theirs] = process.argv.slice(2).map((path) => ({
	path,
	data: JSON.parse(readFileSync(path, 'utf8') || '{}')
}));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const result = {};
const conflicts = [];
const keys = [...Object.keys(ours.data)];
for (const key of Object.keys(theirs.data)) if (!(key in ours.data)) keys.push(key);

for (const key of keys) {
	const o = base.data[key];
	const a = ours.data[key];
	const b = theirs.data[key];
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
writeFileSync(ours.path, JSON.stringify(result, null, '\t') + '\n');
if (conflicts.length) {
	console.error(`messages: both sides changed ${conflicts.join(', ')} (kept ours)`);
	process.exit(1);
}
