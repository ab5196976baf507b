// @vitest-environment jsdom
// The browser's sanitizer needs a DOM (jsdom stands in for the page here); the server's builds its own.
import { describe, expect, it } from 'vitest';
import { sanitizeHtml, textToHtml } from '../../../src/lib/server/mail/sanitize';
import { sanitizeLetterHtml } from '../../../src/lib/mail/sanitize';
import { escapeHtml } from '../../../src/lib/html/escape';
import { keepUrl } from '../../../src/lib/letters/html-policy';
import { contentDisposition } from '../../../src/lib/server/mail/files';
import {
	TRACKER_HOST,
	inlinePng,
	ordinaryLetter,
	remoteLoadCorpus,
	scriptCorpus
} from '../../fixtures/letter-html-corpus';

const sides = { server: sanitizeHtml, browser: sanitizeLetterHtml };

describe('the letter HTML policy, on the server and in the browser', () => {
	for (const [name, sanitize] of Object.entries(sides)) {
		describe(name, () => {
			it.each(Object.entries(remoteLoadCorpus))('leaves nothing that loads from elsewhere: %s', (_, html) => {
				const out = sanitize(html);
				expect(out).not.toContain(TRACKER_HOST);
				expect(out).not.toMatch(
					/<(img|video|audio|source|track|svg|image|object|embed|iframe|link|meta|style|base|form|input|script|picture)\b[^>]*\b(src|href|data|poster|srcset|action)=(?!"data:image\/png)/i
				);
				expect(out).not.toMatch(/style=|background=|ping=|cite=/i);
			});

			it.each(Object.entries(scriptCorpus))('leaves no script: %s', (_, html) => {
				expect(sanitize(html)).not.toMatch(/script|onclick|onmouseover|onerror|onload|javascript:/i);
			});

			it('keeps ordinary letter markup and inline images, and links open in a new tab', () => {
				expect(sanitize(ordinaryLetter)).toBe(ordinaryLetter);
				expect(sanitize('<a href="https://skat.dk/betal" title="Betal">Betal</a>')).toBe(
					'<a href="https://skat.dk/betal" title="Betal" target="_blank" rel="noopener noreferrer">Betal</a>'
				);
				expect(
					sanitize('<a href="mailto:post@skat.dk">mail</a><a href="tel:+4572221818">ring</a>')
				).toContain('href="tel:+4572221818"');
			});
		});
	}

	it('gives the same answer on both sides for every case', () => {
		const all = { ...remoteLoadCorpus, ...scriptCorpus, ordinary: ordinaryLetter };
		for (const html of Object.values(all)) expect(sanitizeLetterHtml(html)).toBe(sanitizeHtml(html));
	});

	it('allows only links to web pages, mail and phone, and only inline images of listed types', () => {
		expect(keepUrl('a', 'href', ' https://skat.dk ')).toBe(true);
		expect(keepUrl('a', 'href', '/mail')).toBe(false);
		expect(keepUrl('a', 'href', 'data:text/html,x')).toBe(false);
		expect(keepUrl('img', 'src', inlinePng)).toBe(true);
		expect(keepUrl('img', 'src', 'data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
		expect(keepUrl('img', 'src', 'https://skat.dk/logo.png')).toBe(false);
		expect(keepUrl('img', 'href', inlinePng)).toBe(false);
	});
});

describe('textToHtml and escapeHtml', () => {
	it('escapes and makes paragraphs and line breaks', () => {
		expect(textToHtml('Hej <Anna> & "Bo"\r\nLinje to\n\n\nNyt afsnit')).toBe(
			'<p>Hej &lt;Anna&gt; &amp; &quot;Bo&quot;<br>Linje to</p>\n<p>Nyt afsnit</p>'
		);
		expect(escapeHtml("'")).toBe('&#39;');
		expect(textToHtml('  \n\n ')).toBe('');
	});
});

describe('contentDisposition', () => {
	it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266 / 8187)', () => {
		expect(contentDisposition('inline', 'brev.pdf')).toBe(
			`inline; filename="brev.pdf"; filename*=UTF-8''brev.pdf`
		);
		expect(contentDisposition('attachment', 'Skøde (kopi)*.pdf')).toBe(
			`attachment; filename="Sk_de (kopi)*.pdf"; filename*=UTF-8''Sk%C3%B8de%20%28kopi%29%2A.pdf`
		);
		expect(contentDisposition('inline', 'a"b\\c.txt')).toContain('filename="a_b_c.txt"');
	});
});
