import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from './check-json-schema.js';
import { validateJsonSchema } from './json-schema-validator.js';

describe('checkJsonSchema', () => {
  it('accepts annotations and draft-07 keywords', () => {
    expect(
      checkJsonSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: 'https://example.com/triage.json',
        title: 'Triage',
        description: 'the verdict',
        type: 'object',
        definitions: { level: { type: 'string', enum: ['low', 'high'] } },
        properties: {
          severity: { $ref: '#/definitions/level', default: 'low', examples: ['high'], readOnly: true },
          at: { type: 'string', format: 'date-time', $comment: 'when' },
        },
        'x-owner': 'team',
      }),
    ).toEqual([]);
  });

  it('names each problem with its path inside the schema', () => {
    expect(
      checkJsonSchema({
        type: 'object',
        properties: { a: { type: 'strnig' }, b: { items: { propertes: {} } } },
      }),
    ).toEqual([
      {
        path: ['properties', 'a', 'type'],
        message: 'must be one of array, boolean, integer, null, number, object, string',
      },
      { path: ['properties', 'b', 'items', 'propertes'], message: "unknown JSON Schema keyword 'propertes'" },
    ]);
    expect(checkJsonSchema({ $ref: '#/definitions/missing' })[0]?.message).toMatch(/can't resolve reference/);
    expect(checkJsonSchema({ type: 'string', format: 'colour' })[0]).toMatchObject({
      path: ['format'],
      message: expect.stringMatching(/^unknown format 'colour'; known formats: .*date-time/),
    });
    expect(checkJsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toEqual([
      {
        path: ['$schema'],
        message: expect.stringMatching(/is not supported: output schemas are JSON Schema draft-07/),
      },
    ]);
    expect(checkJsonSchema([])).toHaveLength(1);
  });

  it('gives the same answer for the same schema again (cached), without sharing the result', () => {
    const schema = { type: 'object', properties: { a: { type: 'strnig' } } };
    const first = checkJsonSchema(schema);
    first[0]!.path.push('changed');
    expect(checkJsonSchema({ ...schema })).toEqual([
      {
        path: ['properties', 'a', 'type'],
        message: 'must be one of array, boolean, integer, null, number, object, string',
      },
    ]);
  });
});

describe('validateJsonSchema', () => {
  it('lists every path that does not match, in words', () => {
    const schema = {
      type: 'object',
      properties: {
        severity: { enum: ['low', 'high'] },
        files: { type: 'array', items: { type: 'string' }, minItems: 1 },
        summary: { type: 'string' },
      },
      required: ['severity', 'files', 'summary'],
      additionalProperties: false,
    };
    const result = validateJsonSchema(schema, { severity: 'urgent', files: [3], extra: true });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: '/summary', message: 'is required but missing' },
        { path: '/extra', message: 'is not a property the schema allows' },
        { path: '/severity', message: `must be one of "low", "high" (got 'urgent')` },
        { path: '/files/0', message: 'must be string (got number 3)' },
      ],
    });
    expect(validateJsonSchema(schema, { severity: 'low', files: ['a'], summary: 's' }).ok).toBe(true);
  });
});
