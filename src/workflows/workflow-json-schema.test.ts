import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workflowJsonSchema } from './workflow-json-schema.js';

describe('schema/workflow.schema.json', () => {
  it('is exactly what the generator produces from the zod schema (regenerate: npm run build && node scripts/generate-schema.mjs)', () => {
    const committed = readFileSync(new URL('../../schema/workflow.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(workflowJsonSchema());
  });

  it('describes steps, their kinds and forbids unknown fields, as editors need', () => {
    const schema = JSON.parse(workflowJsonSchema());
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'steps']));
    const step = schema.properties.steps.items;
    expect(step.additionalProperties).toBe(false);
    expect(Object.keys(step.properties)).toEqual(
      expect.arrayContaining([
        'key',
        'dependsOn',
        'run',
        'approval',
        'workflow',
        'forEach',
        'with',
        'outputs',
      ]),
    );
    expect(step.properties.key.pattern).toBe('^[A-Za-z][A-Za-z0-9_-]*$');
  });
});
