import { describe, expect, it } from 'vitest';
import { parseXml, XmlInputError } from '../../../src/lib/server/memo/xml';
import { memoFixture } from '../../fixtures/memo';

function refusal(source: string, limits?: Parameters<typeof parseXml>[1]): XmlInputError {
	try {
		parseXml(source, limits);
	} catch (err) {
		if (err instanceof XmlInputError) return err;
		throw err;
	}
	throw new Error('the document was accepted');
}

describe('parseXml', () => {
	it('gives namespace URI and local name, whatever the prefix', () => {
		const a = parseXml('<a:root xmlns:a="urn:x"><a:leaf>1</a:leaf></a:root>');
		const b = parseXml('<root xmlns="urn:x"><leaf>1</leaf></root>');
		for (const root of [a, b]) {
			expect(root).toMatchObject({ ns: 'urn:x', name: 'root' });
			expect(root.children[0]).toMatchObject({ ns: 'urn:x', name: 'leaf', text: '1' });
		}
		const c = parseXml('<root xmlns:a="urn:y"><a:leaf/></root>');
		expect(c.ns).toBe('');
		expect(c.children[0]).toMatchObject({ ns: 'urn:y', name: 'leaf' });
	});

	it('expands only the predefined entities, character references and CDATA', () => {
		const root = parseXml('<r>&lt;a&gt; &amp; &#230;&#x00F8; <![CDATA[<b>&amp;</b>]]></r>');
		expect(root.text).toBe('<a> & æø <b>&amp;</b>');
	});

	it('refuses the "billion laughs" before expanding anything', async () => {
		const err = refusal(await memoFixture('malformed/billion-laughs.xml'));
		expect(err.message).toMatch(/DOCTYPE is not allowed/);
	});

	it('refuses external entities and never reads the file', async () => {
		const err = refusal(await memoFixture('malformed/external-entity.xml'));
		expect(err.message).toMatch(/DOCTYPE is not allowed/);
		expect(err.message).not.toMatch(/root:/);
	});

	it('refuses an entity nobody declared', async () => {
		const err = refusal(await memoFixture('malformed/undeclared-entity.xml'));
		expect(err.message).toMatch(/not well-formed XML \(line \d+, column \d+\)/);
		expect(err.path).toBe('kombi_request/Message/MessageHeader/label');
	});

	it('limits depth, element count and attributes', () => {
		const deep = '<a>'.repeat(30) + '</a>'.repeat(30);
		expect(refusal(deep).message).toMatch(/nested deeper than 24 levels/);
		const wide = `<a>${'<b/>'.repeat(50)}</a>`;
		expect(refusal(wide, { maxDepth: 24, maxElements: 20, maxAttributes: 5 }).message).toMatch(
			/more than 20 elements/
		);
		const attrs = `<a ${Array.from({ length: 9 }, (_, i) => `x${i}="1"`).join(' ')}/>`;
		expect(refusal(attrs, { maxDepth: 24, maxElements: 20, maxAttributes: 5 }).message).toMatch(
			/more than 5 attributes/
		);
	});

	it('refuses what is not well-formed: unclosed, unbound prefix, two roots, no element', () => {
		expect(refusal('<a><b></a>').message).toMatch(/not well-formed/);
		expect(refusal('<x:a/>').message).toMatch(/not well-formed/);
		expect(refusal('<a/><b/>').message).toMatch(/not well-formed/);
		expect(refusal('   ').message).toMatch(/not well-formed|no XML element/);
	});
});
