import { describe, expect, inject, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Issue 14 §1, checked on the real build (which, like every build without PUBLIC_SUPPORT_PHONE, has no
// support phone): no page shows a phone number; the footer, the help centre and the wizard point to
// Borgerservice and to the public Digital Post pages. The build with a phone is covered by rendering the
// same components and articles with the variable set (tests/unit/config, tests/unit/help).
const baseUrl = inject('baseUrl');
const locales = ['', 'en', 'ar', 'fa', 'tr', 'so', 'uk'];
const slugs = [
	'what-is-digital-post',
	'sign-in',
	'register-and-senders',
	'where-to-read',
	'notifications',
	'offline-and-install',
	'exemption',
	'get-help'
];
const pagesOf = (l: string) => {
	const prefix = l ? `/${l}` : '';
	return [
		`${prefix}/`,
		`${prefix}/help`,
		`${prefix}/exemption`,
		`${prefix}/offline`,
		...slugs.map((s) => `${prefix}/help/${s}`)
	];
};

async function page(path: string): Promise<string> {
	const res = await fetch(new URL(path, baseUrl));
	expect(res.status, path).toBe(200);
	return res.text();
}

/** What a reader sees, roughly: the body without scripts, styles and tags. */
function visibleText(html: string): string {
	return html
		.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ');
}

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : [path];
	});
}

describe('a build without PUBLIC_SUPPORT_PHONE', () => {
	for (const locale of locales) {
		it(`${locale || 'da'}: no page shows a phone number or a tel: link`, async () => {
			for (const path of pagesOf(locale)) {
				const html = await page(path);
				expect(html, path).not.toContain('href="tel:');
				expect(visibleText(html), path).not.toMatch(/\+45\s?99|9931/);
			}
		});

		it(`${locale || 'da'}: the footer and get-help point to Borgerservice and the public pages`, async () => {
			const prefix = locale ? `/${locale}` : '';
			const home = await page(`${prefix}/`);
			const footer = home.slice(home.indexOf('<footer'));
			expect(visibleText(footer)).toContain('Borgerservice');
			const publicPage = locale
				? 'https://lifeindenmark.borger.dk/apps-and-digital-services/Digital-Post'
				: 'https://www.borger.dk';
			expect(footer).toContain(`href="${publicPage}"`);
			const help = await page(`${prefix}/help/get-help`);
			expect(help).toContain('href="https://lifeindenmark.borger.dk/apps-and-digital-services/Digital-Post"');
			expect(help).toContain('href="https://www.borger.dk"');
		});
	}

	it('the old unchecked number is nowhere in what the build ships', () => {
		const shipped = [...files('build/client'), ...files('build/prerendered')].filter((f) =>
			/\.(js|html|json|webmanifest)$/.test(f)
		);
		expect(shipped.length).toBeGreaterThan(50);
		const found = shipped.filter((f) => /9931\s?1530|99\s?31\s?15\s?30/.test(readFileSync(f, 'utf8')));
		expect(found).toEqual([]);
	});
});

describe('Danish names beside the local words on prerendered pages', () => {
	for (const locale of ['ar', 'fa', 'tr', 'so']) {
		it(`${locale}: every page that speaks of Digital Post also names it in Danish`, async () => {
			for (const path of pagesOf(locale)) {
				const text = visibleText(await page(path));
				expect(text, path).toContain('Digital Post');
			}
		});
	}
});
