import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lix } from '$lib/plain-language/lix';

// Every Danish text of "someone you trust" (settings page, mailbox switch, notices in the mailbox) reads
// easily: LIX ≤ 35, taken over all of them as one text, and no single sentence of them far above it.
const da = JSON.parse(readFileSync('messages/da.json', 'utf8')) as Record<string, unknown>;
const texts = Object.entries(da)
	.filter((e): e is [string, string] => e[0].startsWith('access_') && typeof e[1] === 'string')
	.map(([, text]) => text.replace(/\{\w+\}/g, 'Karen'));

describe('access texts in plain Danish', () => {
	it('has them', () => {
		expect(texts.length).toBeGreaterThan(50);
	});

	it('reads at LIX 35 or below', () => {
		const score = lix(texts.map((t) => (/[.!?]$/.test(t) ? t : `${t}.`)).join('\n'));
		expect(score.lix).toBeLessThanOrEqual(35);
	});

	it('has no text of five words or more above LIX 55 (a single long word is not a hard text)', () => {
		for (const text of texts.filter((t) => lix(t).words >= 5))
			expect(lix(text).lix, text).toBeLessThanOrEqual(55);
	});
});
