// `npm run generate:schemas`: writes the RxDB JSON schemas (src/lib/db/schemas.json) from the zod schemas.
// Run it after changing a schema in src/lib/schemas (and bump the storage version); a unit test checks it.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import * as prettier from 'prettier';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}src/lib/db/schemas.json`;
const jiti = createJiti(import.meta.url);
/** @type {typeof import('../src/lib/db/generate-schemas')} */
const { generateRxSchemas } = await jiti.import(`${root}src/lib/db/generate-schemas.ts`);
const options = (await prettier.resolveConfig(target)) ?? {};
const text = await prettier.format(JSON.stringify(generateRxSchemas()), { ...options, filepath: target });
writeFileSync(target, text);
console.log(`wrote ${target}`);
