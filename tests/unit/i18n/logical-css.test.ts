import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Arabic and Farsi read right to left: layout must use logical properties (margin-inline-start, not
// margin-left), or it breaks when dir="rtl". This guards every stylesheet in the app.
function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (path.includes('paraglide')) return [];
		return statSync(path).isDirectory() ? files(path) : /\.(svelte|css)$/.test(name) ? [path] : [];
	});
}

/** The CSS of a file: a .css file, or the <style> blocks and style attributes of a component. */
function css(path: string): string {
	const source = readFileSync(path, 'utf8');
	const styles = path.endsWith('.css')
		? source
		: [...source.matchAll(/<style[^>]*>([\s\S]*?)<\/style>|style="([^"]*)"/g)]
				.map((m) => m[1] ?? m[2])
				.join('\n');
	return styles.replace(/\/\*[\s\S]*?\*\//g, '');
}

const physical = [
	/\b(?:margin|padding|border|inset)-(?:left|right)\b/,
	/(?:^|[\s;{])(?:left|right)\s*:/m,
	/\btext-align\s*:\s*(?:left|right)\b/,
	/\bfloat\s*:\s*(?:left|right)\b/,
	/\bclear\s*:\s*(?:left|right)\b/,
	/\bborder-(?:top|bottom)-(?:left|right)-radius\b/
];

describe('right-to-left safe CSS', () => {
	const all = files('src');

	it('finds the stylesheets', () => {
		expect(all.length).toBeGreaterThan(10);
		expect(all).toContain(join('src', 'app.css'));
	});

	it.each(all)('%s uses logical properties only', (path) => {
		const text = css(path);
		for (const pattern of physical) expect(text, `${path}: ${pattern}`).not.toMatch(pattern);
	});
});
