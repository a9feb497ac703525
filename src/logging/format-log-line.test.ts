import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { formatLogLine, resolveLogFormat } from './format-log-line.js';

describe('human log lines', () => {
  it('a pretty logger writes one readable line per record, with its fields, and no JSON', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      format: 'pretty',
      destination: { write: (line: string) => void lines.push(line) },
      base: { component: 'workflow' },
    });
    logger.info({ executionId: 'ex-1', state: 'completed', detail: { steps: 2 } }, 'run completed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d {2}INFO {3}workflow: run completed {2}executionId=ex-1 {2}state=completed {2}detail=\{"steps":2\}\n$/,
    );
    expect(lines[0]).not.toContain('"level"');
  });

  it('auto is pretty on a terminal and JSON anywhere else; an explicit choice wins', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('keeps a line that is not JSON rather than losing it', () => {
    expect(formatLogLine('plain text\n')).toBe('plain text\n');
  });
});
