import { describe, expect, it } from 'vitest';
import { escapeHtml, sanitizeHtml, textToHtml } from '../../../src/lib/server/mail/sanitize';
import { contentDisposition } from '../../../src/lib/server/mail/files';

describe('sanitizeHtml', () => {
	it('removes scripts, event handlers and javascript: URLs', () => {
		const out = sanitizeHtml(
			'<p onclick="x()" onmouseover="y()">Hej</p><script>alert(1)</script><a href="javascript:alert(1)">a</a>' +
				'<a href="JaVaScRiPt:alert(1)">b</a><img src=x onerror=alert(1)><svg onload=alert(1)></svg>' +
				'<a href="&#106;avascript:alert(1)">c</a>'
		);
		expect(out).not.toMatch(/script|onclick|onmouseover|onerror|onload|javascript:/i);
		expect(out).toContain('<p>Hej</p>');
	});

	it('removes forms, frames, styles and remote images but keeps inline images and normal links', () => {
		const out = sanitizeHtml(
			'<style>body{display:none}</style><p style="position:fixed">x</p><iframe src="https://e.x"></iframe>' +
				'<form><input name="pw"><button>Send</button></form><img src="https://t.example/p.gif" alt="pixel">' +
				'<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo"><a href="https://skat.dk/betal">Betal</a>'
		);
		expect(out).not.toMatch(/<style|style=|<iframe|<form|<input|<button|t\.example/);
		expect(out).toContain('alt="pixel"');
		expect(out).toContain('src="data:image/png;base64,iVBORw0KGgo="');
		expect(out).toContain(
			'<a href="https://skat.dk/betal" target="_blank" rel="noopener noreferrer">Betal</a>'
		);
	});

	it('keeps the ordinary structure of a letter', () => {
		const html =
			'<h1>Afgørelse</h1><p>Du har <strong>ret</strong> til <em>klage</em>.</p><ul><li>a</li></ul><table><tbody><tr><td>1</td></tr></tbody></table>';
		expect(sanitizeHtml(html)).toBe(html);
	});
});

describe('textToHtml', () => {
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
