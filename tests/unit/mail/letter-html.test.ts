// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { sanitizeLetterHtml } from '../../../src/lib/mail/sanitize';

describe('sanitizeLetterHtml', () => {
	it('removes scripts, event handlers, styles and javascript: links', () => {
		const html = sanitizeLetterHtml(
			'<p onclick="x()" style="color:red">Hej <script>alert(1)</script><a href="javascript:alert(1)">klik</a></p><style>p{}</style><form><input></form>'
		);
		expect(html).not.toMatch(/script|onclick|style|javascript|form|input/i);
		expect(html).toContain('Hej');
	});

	it('drops remote images (tracking, and they would not load offline) but keeps inline ones', () => {
		const html = sanitizeLetterHtml(
			'<p>x</p><img src="https://t.example/p.gif" alt="pixel"><img src="data:image/png;base64,iVBORw0KGgo=" alt="logo">'
		);
		expect(html).not.toContain('t.example');
		expect(html).toContain('alt="logo"');
	});

	it('keeps ordinary letter markup and opens links in a new tab safely', () => {
		const html = sanitizeLetterHtml(
			'<h2>Afgørelse</h2><p><strong>Vigtigt</strong> <a href="https://skat.dk">skat.dk</a></p>'
		);
		expect(html).toContain('<h2>Afgørelse</h2>');
		expect(html).toContain('<strong>Vigtigt</strong>');
		expect(html).toMatch(/<a href="https:\/\/skat\.dk" target="_blank" rel="noopener noreferrer">/);
	});
});
