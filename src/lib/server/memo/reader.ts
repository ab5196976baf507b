import { z } from 'zod';
import { MEMO_NS, type MemoMeta } from '../../schemas/memo';
import { XmlInputError, type XmlElement } from './xml';

/**
 * A MeMo element read from XML: its path in the document (for error answers) and either its text (a simple
 * element) or its child elements by local name (a complex one; repeatable children as arrays).
 */
export interface MemoNode {
	path: string;
	text?: string;
	fields?: Record<string, MemoNode | MemoNode[]>;
}

type Described =
	| { kind: 'object'; shape: Record<string, z.ZodType> }
	| { kind: 'array'; element: z.ZodType }
	| { kind: 'text' };

interface Def {
	type: string;
	innerType?: z.ZodType;
	in?: z.ZodType;
	element?: z.ZodType;
}

/** Looks through optional/default/nullable/pipe wrappers to what an element holds. */
function unwrap(schema: z.ZodType): z.ZodType {
	let current = schema;
	for (;;) {
		const def = current.def as Def;
		const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
		if (!inner) return current;
		current = inner;
	}
}

function describe(schema: z.ZodType): Described {
	const inner = unwrap(schema);
	const def = inner.def as Def;
	if (def.type === 'object') return { kind: 'object', shape: (inner as z.ZodObject).shape };
	if (def.type === 'array' && def.element) return { kind: 'array', element: def.element };
	return { kind: 'text' };
}

/** The namespace URI an element of this schema must be in: its own vocabulary, else its parent's. */
function namespaceOf(schema: z.ZodType, inherited: string): string {
	for (const candidate of [schema, unwrap(schema)]) {
		const meta = z.globalRegistry.get(candidate) as MemoMeta | undefined;
		if (meta?.xmlns) return MEMO_NS[meta.xmlns];
	}
	return inherited;
}

function isBlank(text: string): boolean {
	return text.trim() === '';
}

function qualified(element: XmlElement): string {
	return element.ns ? `{${element.ns}}${element.name}` : element.name;
}

/**
 * Reads `element` as described by `schema`, matching children by namespace URI and local name. Refuses what
 * the description does not know: unknown elements, an element in the wrong (or no) namespace, a single
 * element given twice, text where elements belong, elements where text belongs.
 */
export function readElement(
	element: XmlElement,
	schema: z.ZodType,
	path: string,
	ns = namespaceOf(schema, '')
): MemoNode {
	if (element.ns !== ns) {
		throw new XmlInputError(
			path,
			element.ns
				? `${path}: the element is in namespace ${element.ns}; expected ${ns}`
				: `${path}: the element has no namespace; expected ${ns}`
		);
	}
	const described = describe(schema);
	if (described.kind !== 'object') {
		const child = element.children[0];
		if (child) throw new XmlInputError(path, `${path}: expected text, found element ${qualified(child)}`);
		return { path, text: element.text };
	}
	if (!isBlank(element.text)) {
		throw new XmlInputError(path, `${path}: text is not allowed here, only elements`);
	}
	const fields: Record<string, MemoNode | MemoNode[]> = {};
	for (const child of element.children) {
		const fieldSchema = Object.hasOwn(described.shape, child.name) ? described.shape[child.name] : undefined;
		if (!fieldSchema) {
			throw new XmlInputError(
				`${path}/${child.name}`,
				`${path}/${child.name}: unexpected element ${qualified(child)}`
			);
		}
		const field = describe(fieldSchema);
		if (field.kind === 'array') {
			const list = (fields[child.name] ??= []) as MemoNode[];
			const childPath = `${path}/${child.name}[${list.length + 1}]`;
			list.push(readElement(child, field.element, childPath, namespaceOf(field.element, ns)));
		} else {
			const childPath = `${path}/${child.name}`;
			if (fields[child.name]) {
				throw new XmlInputError(childPath, `${childPath}: the element may appear only once`);
			}
			fields[child.name] = readElement(child, fieldSchema, childPath, namespaceOf(fieldSchema, ns));
		}
	}
	return { path, fields };
}

/** A child node of a complex node (undefined when absent). */
export function child(node: MemoNode | undefined, name: string): MemoNode | undefined {
	const value = node?.fields?.[name];
	return Array.isArray(value) ? value[0] : value;
}

/** The repeated children of a complex node (empty when absent). */
export function children(node: MemoNode | undefined, name: string): MemoNode[] {
	const value = node?.fields?.[name];
	return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A simple child's text, trimmed (undefined when absent). */
export function textOf(node: MemoNode | undefined, name: string): string | undefined {
	return child(node, name)?.text?.trim();
}

/**
 * A node as plain JSON under MeMo's element names (text trimmed), registering every value's document path
 * under its dotted JSON path (`prefix`), so a validation error can name the element.
 */
export function toJson(node: MemoNode, prefix: string, paths: Map<string, string>): unknown {
	paths.set(prefix, node.path);
	if (node.fields === undefined) return node.text?.trim() ?? '';
	const out: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(node.fields)) {
		out[name] = Array.isArray(value)
			? value.map((item, i) => toJson(item, `${prefix}.${name}.${i}`, paths))
			: toJson(value, `${prefix}.${name}`, paths);
	}
	return out;
}
