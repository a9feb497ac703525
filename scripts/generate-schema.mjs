// Writes schema/workflow.schema.json from the zod schema (via the build in dist/), so the JSON Schema
// editors use is never written by hand. Run it after `npm run build` whenever workflow-schema.ts changes;
// src/workflows/workflow-json-schema.test.ts fails while the committed file is stale. `--check` only compares.
// AX_DIST=<dir> reads another build instead of dist/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.AX_DIST
  ? pathToFileURL(`${resolve(process.env.AX_DIST)}/`)
  : new URL('../dist/', import.meta.url);
const { workflowJsonSchema } = await import(new URL('workflows/workflow-json-schema.js', dist).href);
const target = new URL('../schema/workflow.schema.json', import.meta.url);
const text = workflowJsonSchema();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('schema/workflow.schema.json is out of date: run npm run build and commit it');
    process.exit(1);
  }
} else {
  mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
  writeFileSync(target, text);
}
