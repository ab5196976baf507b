import { SaxesParser, type SaxesTagNS } from 'saxes';

/** One element of a parsed document: namespace URI + local name, never the prefix the sender happened to use. */
export interface XmlElement {
	/** Namespace URI; '' for an element in no namespace. */
	ns: string;
	name: string;
	/** Attributes in no namespace, by name. */
	attributes: Record<string, string>;
	children: XmlElement[];
	/** The element's own character data (CDATA included), not its children's. */
	text: string;
}

/** Input that is not acceptable XML; `path` is the element where it went wrong ('' before the root). */
export class XmlInputError extends Error {
	constructor(
		readonly path: string,
		message: string
	) {
		super(message);
	}
}

export interface XmlLimits {
	/** Deepest nesting allowed (MeMo needs 8). */
	maxDepth: number;
	/** Most elements in one document. */
	maxElements: number;
	/** Most attributes on one element. */
	maxAttributes: number;
}

export const MEMO_XML_LIMITS: XmlLimits = { maxDepth: 24, maxElements: 20_000, maxAttributes: 40 };

interface Open {
	element: XmlElement;
	path: string;
	text: string[];
}

/**
 * Parses a whole XML document with saxes (namespace-aware, non-validating). Safe for untrusted input: any
 * DOCTYPE is refused, so there are no DTDs, no entity declarations (no "billion laughs", no external entities)
 * and nothing is ever fetched; only XML's five predefined entities and character references are expanded.
 * Depth, element count and attribute count are limited; the caller limits the size of `source`.
 */
export function parseXml(source: string, limits: XmlLimits = MEMO_XML_LIMITS): XmlElement {
	const parser = new SaxesParser({ xmlns: true, position: true });
	const stack: Open[] = [];
	let root: XmlElement | null = null;
	let elements = 0;

	const where = () => `line ${parser.line}, column ${parser.column}`;
	const here = () => stack.at(-1)?.path ?? '';

	parser.on('error', (err) => {
		// saxes prefixes messages with its own position; ours says the same in plain words.
		const reason = err.message.replace(/^[^:]*:\d+:\d+: /, '');
		throw new XmlInputError(here(), `not well-formed XML (${where()}): ${reason}`);
	});
	parser.on('doctype', () => {
		throw new XmlInputError(
			'',
			'a DOCTYPE is not allowed: MeMo needs no DTD, and entity declarations are refused'
		);
	});
	parser.on('opentag', (tag: SaxesTagNS) => {
		elements++;
		if (elements > limits.maxElements) {
			throw new XmlInputError(here(), `the document has more than ${limits.maxElements} elements`);
		}
		const parent = stack.at(-1);
		const path = parent ? `${parent.path}/${tag.local}` : tag.local;
		if (stack.length + 1 > limits.maxDepth) {
			throw new XmlInputError(path, `elements are nested deeper than ${limits.maxDepth} levels`);
		}
		const attributes: Record<string, string> = {};
		const all = Object.values(tag.attributes);
		if (all.length > limits.maxAttributes) {
			throw new XmlInputError(path, `more than ${limits.maxAttributes} attributes`);
		}
		for (const attribute of all) {
			if (!attribute.uri) attributes[attribute.local] = attribute.value;
		}
		const element: XmlElement = { ns: tag.uri ?? '', name: tag.local, attributes, children: [], text: '' };
		if (parent) parent.element.children.push(element);
		else root = element;
		stack.push({ element, path, text: [] });
	});
	const addText = (text: string) => {
		const open = stack.at(-1);
		if (open) open.text.push(text);
	};
	parser.on('text', addText);
	parser.on('cdata', addText);
	parser.on('closetag', () => {
		const open = stack.pop();
		if (open) open.element.text = open.text.join('');
	});

	try {
		parser.write(source).close();
	} catch (err) {
		if (err instanceof XmlInputError) throw err;
		throw new XmlInputError(here(), `not well-formed XML (${where()})`);
	}
	if (!root) throw new XmlInputError('', 'the body holds no XML element');
	return root;
}
