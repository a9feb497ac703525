import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCodeIndex } from '../../src/code/index.js';
import { openDatabase } from '../../src/store/index.js';

describe('two indexers on one database', () => {
  it('never store a symbol twice, whichever writes a file first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ax-code-race-'));
    mkdirSync(join(root, 'src'));
    for (let n = 0; n < 40; n++) {
      writeFileSync(
        join(root, 'src', `m${n}.ts`),
        `export function compute${n}(x: number): number {\n  return x * ${n};\n}\n`,
      );
    }
    const db = join(root, 'index.db');
    // Two connections, as two processes (`ax code index` beside an agent run) would have.
    const first = createCodeIndex({ db: openDatabase(db), root });
    const second = createCodeIndex({ db: openDatabase(db), root });
    try {
      await Promise.all([first.index({ workers: 0 }), second.index({ workers: 0 })]);
      for (let n = 0; n < 40; n++) expect(first.definition(`compute${n}`), `compute${n}`).toHaveLength(1);
      expect(first.search('compute7', { limit: 10 })).toHaveLength(1);
    } finally {
      first.db.close();
      second.db.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
