import { describe, expect, it } from 'vitest';
import { HTML_LIMITS, checkHtmlLimits } from '../../../src/lib/server/mail/html-limits';
import { sanitizeLetterHtml } from '../../../src/lib/server/mail/html-sanitizer';
import { ordinaryLetter } from '../../fixtures/letter-html-corpus';

const small = { maxBytes: 1000, maxDepth: 4, maxElements: 10 };

describe('limits on a letter HTML document', () => {
	it('measures depth and elements the way a parser nests them', () => {
		expect(checkHtmlLimits('<div><p>a<p>b<ul><li>1<li>2</ul></div>', small)).toEqual({
			ok: true,
			depth: 4,
			elements: 6
		});
		// Void elements, self-closing tags, comments and raw text do not nest or count as markup.
		expect(
			checkHtmlLimits('<p>a<br><img src=x><hr/><!-- <div><div><div> --><style>b{}<i></style></p>', small)
		).toEqual({ ok: true, depth: 1, elements: 5 });
		// An end tag closes everything opened after its element.
		expect(checkHtmlLimits('<div><b><i><u></div><div>x</div>', small)).toMatchObject({ ok: true, depth: 4 });
	});

	it('refuses too deep, too many and too large, naming which', () => {
		expect(checkHtmlLimits('<div>'.repeat(5), small)).toMatchObject({ ok: false, limit: 'depth' });
		expect(checkHtmlLimits('<b>x</b>'.repeat(11), small)).toMatchObject({ ok: false, limit: 'elements' });
		expect(checkHtmlLimits(`<p>${'å'.repeat(500)}</p>`, small)).toMatchObject({ ok: false, limit: 'size' });
	});

	it('stays one pass on input built to slow a scanner down', () => {
		const started = performance.now();
		for (const html of [
			'<a'.repeat(500_000),
			'<'.repeat(1_000_000),
			'<!--'.repeat(250_000),
			'<a '.repeat(300_000)
		]) {
			expect(checkHtmlLimits(html).ok).toBe(true);
		}
		// A quadratic scan of these takes minutes; one pass takes milliseconds.
		expect(performance.now() - started).toBeLessThan(5_000);
	});

	it('lets an ordinary letter through to the sanitizer, and refuses a hostile one before it', async () => {
		expect(await sanitizeLetterHtml(ordinaryLetter)).toEqual({ ok: true, html: ordinaryLetter });
		expect(await sanitizeLetterHtml('<div>'.repeat(HTML_LIMITS.maxDepth + 1))).toMatchObject({
			ok: false,
			status: 400,
			error: 'html_too_complex'
		});
	}, 60_000); // the first call loads jsdom
});
