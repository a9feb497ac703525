import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertEventNames, settingDefinitions } from '../../src/config/index.js';
import { logLevels } from '../../src/logging/index.js';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

describe('docs/configuration.md', () => {
  it('documents every setting the code defines: its key, variable, flag and default', () => {
    const rows = doc
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const [name, definition] of Object.entries(settingDefinitions)) {
      // Columns: config file key, environment variable, flag, default, meaning.
      const row = rows.find((cells) => cells[2] === `\`${definition.env}\``);
      expect(row, `${name}: no table row for ${definition.env}`).toBeDefined();
      expect(row?.[1]).toBe(definition.inFile ? `\`${definition.path.join('.')}\`` : '—');
      expect(row?.[3]).toBe(definition.flag ? `\`${definition.flag}\`` : '');
      expect(row?.[4]).toBe(`\`${String(definition.default)}\``);
    }
  });

  it('names every alert event and log level', () => {
    for (const event of alertEventNames) expect(doc).toContain(`\`${event}\``);
    for (const level of logLevels) expect(doc).toContain(`\`${level}\``);
  });
});
