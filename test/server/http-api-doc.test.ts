import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('docs/http-api.md', () => {
  it('has the reference the OpenAPI document of the built server makes', async () => {
    const script = new URL('../../scripts/generate-http-api-reference.mjs', import.meta.url).href;
    const { docPath, fetchOpenApi, renderReference, withReference } = (await import(script)) as {
      docPath: string;
      fetchOpenApi: () => Promise<unknown>;
      renderReference: (openapi: unknown) => string;
      withReference: (doc: string, reference: string) => string;
    };
    const committed = readFileSync(docPath, 'utf8');
    expect(committed, 'out of date: run npm run build && node scripts/generate-http-api-reference.mjs').toBe(
      withReference(committed, renderReference(await fetchOpenApi())),
    );
  });
});
