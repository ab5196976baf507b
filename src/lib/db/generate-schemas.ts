/**
 * Makes the RxDB JSON schemas from the zod wire schemas ($lib/schemas), so a document's shape is written
 * once. Build tooling, never loaded by the app (it needs zod, which the browser's mail client does without):
 * `npm run generate:schemas` writes ./schemas.json, and a unit test fails when that file is not what this
 * module makes from the current zod schemas.
 *
 * Relative imports only: the generator script loads this file outside SvelteKit.
 */
import { z } from 'zod';
import { folderDoc } from '../schemas/folder';
import { letterDoc } from '../schemas/letter';
import { outgoingDoc } from '../schemas/outgoing';

/**
 * The version of each collection's stored schema. Bump it (and add a migration strategy in ./index.ts)
 * whenever the generated schema changes: RxDB refuses to open a collection whose schema changed under the
 * same version. Version 1 is the first generated one (version 0 was written by hand).
 */
export const storageVersions = { letters: 3, folders: 1, outgoing: 4 } as const;

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Drops what RxDB's dev-mode checks refuse (`default` below the top level) and what only repeats another
 * keyword: zod writes a `pattern` beside each `format` (uuid, date-time, email), and the browser would carry
 * those long expressions for nothing (the validator checks the format itself).
 */
function strip(value: JsonValue): JsonValue {
	if (Array.isArray(value)) return value.map(strip);
	if (value === null || typeof value !== 'object') return value;
	const hasFormat = 'format' in value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => key !== 'default' && key !== '$schema' && !(hasFormat && key === 'pattern'))
			.map(([key, inner]) => [key, strip(inner)])
	);
}

function rxSchema(
	doc: z.ZodObject,
	meta: { title: keyof typeof storageVersions; description: string }
): Record<string, JsonValue> {
	// draft-7: the JSON Schema dialect of the Ajv RxDB validates with in development.
	const json = strip(z.toJSONSchema(doc, { target: 'draft-7', io: 'output' }) as JsonValue) as {
		properties: Record<string, JsonValue>;
		required: string[];
	} & Record<string, JsonValue>;
	// RxDB adds `_deleted` itself: a stored document never carries it.
	const { _deleted: _omit, ...properties } = json.properties;
	// A letter's kept MeMo data is only an object on the device: the server checks its shape (zod), and its
	// schema of some hundred fields would only weigh down the browser's bundle.
	if (properties.memo) properties.memo = { type: 'object' };
	return {
		title: meta.title,
		description: meta.description,
		version: storageVersions[meta.title],
		primaryKey: 'id',
		...json,
		properties,
		required: json.required.filter((field) => field !== '_deleted')
	};
}

export function generateRxSchemas() {
	return {
		letters: rxSchema(letterDoc, {
			title: 'letters',
			description: 'Letters delivered to the mailbox; the server owns everything but the state fields.'
		}),
		folders: rxSchema(folderDoc, { title: 'folders', description: "The citizen's own folders." }),
		outgoing: rxSchema(outgoingDoc, {
			title: 'outgoing',
			description: 'Replies, new messages and forwarded letters the citizen sends; the server sends them on.'
		})
	};
}
