import { describe, expect, it } from 'vitest';
import { htmlToText, renderMarkdown, type RenderOptions } from '$lib/help/markdown';
import { parseFrontMatter } from '$lib/help/article';

const options = (locale: RenderOptions['locale'] = 'en'): RenderOptions => ({
	locale,
	file: 'test.md',
	placeholders: {
		support_phone: { html: '<a href="tel:+4512345678">+45 1234 5678</a>', text: '+45 1234 5678' },
		support_hours: { html: 'Monday &amp; Friday', text: 'Monday & Friday' }
	}
});

describe('help Markdown rendering', () => {
	it('renders headings, lists and emphasis', () => {
		const { html, text } = renderMarkdown('## Step\n\n1. Open it.\n2. Press **Add**.', options());
		expect(html).toContain('<h2>Step</h2>');
		expect(html).toContain('<ol>');
		expect(html).toContain('<strong>Add</strong>');
		expect(text).toBe('Step\nOpen it.\nPress Add.');
	});

	it('localizes links to our own pages into the article language', () => {
		expect(renderMarkdown('[Check](/exemption)', options('en')).html).toContain('href="/en/exemption"');
		expect(renderMarkdown('[Tjek](/exemption)', options('da')).html).toContain('href="/exemption"');
		expect(renderMarkdown('[فحص](/help/sign-in)', options('ar')).html).toContain('href="/ar/help/sign-in"');
	});

	it('marks external https links and allows tel: links', () => {
		const { html } = renderMarkdown(
			'[borger.dk](https://www.borger.dk) or [call](tel:+4512345678)',
			options()
		);
		expect(html).toContain('<a href="https://www.borger.dk" rel="external noopener">borger.dk</a>');
		expect(html).toContain('<a href="tel:+4512345678">call</a>');
	});

	it.each([
		['raw HTML', 'Hello <b>there</b>', /raw HTML/],
		['a raw HTML block', '<script>alert(1)</script>', /raw HTML/],
		['images', '![x](/logo.svg)', /images are not allowed/],
		['javascript: links', '[x](javascript:alert(1))', /not allowed/],
		['plain http links', '[x](http://example.com)', /not allowed/],
		['protocol-relative links', '[x](//evil.example)', /not allowed/],
		['a level-1 heading', '# Title', /start headings at "##"/],
		['an unknown placeholder', 'Call {{secret}}', /unknown placeholder/],
		['an unknown icon', 'Tap {{icon:rocket}}', /unknown icon/]
	])('refuses %s, so the build fails instead of shipping it', (_name, markdown, error) => {
		expect(() => renderMarkdown(markdown, options())).toThrow(error);
	});

	it('fills placeholders: trusted HTML in the page, plain text for search', () => {
		const { html, text } = renderMarkdown('Call {{support_phone}}. Open {{ support_hours }}.', options());
		expect(html).toBe('<p>Call <a href="tel:+4512345678">+45 1234 5678</a>. Open Monday &amp; Friday.</p>');
		expect(text).toBe('Call +45 1234 5678. Open Monday & Friday.');
	});

	it('inlines icons as decorative SVG that is left out of the text', () => {
		const { html, text } = renderMarkdown('Press {{icon:share}} now.', options());
		expect(html).toMatch(/<svg class="icon icon-inline" [^>]*aria-hidden="true"[^>]*><path d="/);
		expect(text).toBe('Press now.');
	});

	it('turns HTML into text with entities decoded', () => {
		expect(htmlToText('<h2>A &amp; B</h2><p>x &lt; y</p>')).toBe('A & B\nx < y');
	});
});

describe('help front matter', () => {
	const valid = '---\ntitle: "Exemption: when"\nsummary: Short.\nicon: key\norder: 2\n---\nBody text.\n';

	it('reads single-line fields, quotes optional', () => {
		const { data, body } = parseFrontMatter(valid, 'a.md');
		expect(data).toEqual({ title: 'Exemption: when', summary: 'Short.', icon: 'key', order: 2 });
		expect(body).toBe('Body text.\n');
	});

	it('names the file and the field that is wrong', () => {
		expect(() => parseFrontMatter('No front matter', 'a.md')).toThrow(/a\.md: must start with front matter/);
		expect(() => parseFrontMatter(valid.replace('icon: key', 'icon: rocket'), 'b.md')).toThrow(
			/b\.md: front matter: icon: unknown icon/
		);
		expect(() => parseFrontMatter(valid.replace('order: 2', 'order: two'), 'c.md')).toThrow(/order/);
		expect(() => parseFrontMatter(valid.replace('order: 2', 'order: 2\ncolour: red'), 'd.md')).toThrow(
			/colour/
		);
	});
});

describe('{{#if}} blocks', () => {
	const source = [
		'Intro.',
		'{{#if phone}}',
		'Call us.',
		'{{else}}',
		'Ask Borgerservice.',
		'{{/if}}',
		'End.'
	].join('\n\n');

	it('keep the part whose condition holds', () => {
		const withPhone = renderMarkdown(source, { ...options(), conditions: { phone: true } });
		expect(withPhone.text).toBe('Intro.\nCall us.\nEnd.');
		const without = renderMarkdown(source, { ...options(), conditions: { phone: false } });
		expect(without.text).toBe('Intro.\nAsk Borgerservice.\nEnd.');
	});

	it('drop a block whose condition fails, placeholders inside it included', () => {
		const { html } = renderMarkdown('A\n{{#if phone}}\nCall {{secret}}.\n{{/if}}\nB', {
			...options(),
			conditions: { phone: false }
		});
		expect(html).toBe('<p>A\nB</p>');
	});

	it.each([
		['an unknown condition', '{{#if weather}}\nx\n{{/if}}', /unknown condition "weather"/],
		['an unclosed block', '{{#if phone}}\nx', /not closed/],
		['a stray {{/if}}', 'x\n{{/if}}', /without \{\{#if\}\}/],
		['a nested block', '{{#if phone}}\n{{#if phone}}\nx\n{{/if}}\n{{/if}}', /cannot be nested/],
		['a tag inside a line', 'Call {{#if phone}}us{{/if}}.', /lines of their own/]
	])('refuse %s, so the build fails', (_name, markdown, error) => {
		expect(() => renderMarkdown(markdown, { ...options(), conditions: { phone: true } })).toThrow(error);
	});
});
