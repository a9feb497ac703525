import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createParserPool } from '../../src/code/parser-pool.js';

const folder = mkdtempSync(join(tmpdir(), 'ax-parser-pool-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('parser threads', () => {
  it('a file that exhausts a thread costs only that file: its batch-mates are parsed again one by one', async () => {
    const files = {
      'before.ts': 'export function before(): number {\n  return 1;\n}\n',
      // Tens of thousands of headings: far more JavaScript objects than a 16 MB heap holds.
      'huge.md': Array.from({ length: 60_000 }, (_, n) => `# heading ${n}\n`).join(''),
      'after.ts': 'export class After {}\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const pool = createParserPool({
      workers: 1,
      heapLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    try {
      const outcomes = await pool.parse(
        Object.keys(files).map((name) => ({
          absolutePath: join(folder, name),
          path: name,
          languageId: name.endsWith('.md') ? 'markdown' : 'typescript',
        })),
      );
      expect(outcomes.map((outcome) => [outcome.path, outcome.type])).toEqual([
        ['before.ts', 'parsed'],
        ['huge.md', 'skipped'],
        ['after.ts', 'parsed'],
      ]);
      expect(outcomes[1]).toMatchObject({ reason: expect.stringMatching(/^parser crashed: .*memory/) });
      const after = outcomes[2];
      expect(after?.type === 'parsed' && after.file.symbols.map((symbol) => symbol.name)).toEqual(['After']);
    } finally {
      await pool.close();
    }
  });
});
