import { describe, expect, it } from 'vitest';
import { parseToolDirectives } from './tool-directive.js';

describe('parseToolDirectives', () => {
  it('reads names and JSON inputs in order, nested braces included', () => {
    expect(
      parseToolDirectives(
        'first [[tool:read_file {"path":"a.txt"}]] then [[tool:search {"q":{"term":"x"},"n":2}]] [[tool:ls]]',
      ),
    ).toEqual([
      { name: 'read_file', input: { path: 'a.txt' } },
      { name: 'search', input: { q: { term: 'x' }, n: 2 } },
      { name: 'ls', input: {} },
    ]);
  });

  it('reports input that is not a JSON object instead of guessing', () => {
    const [broken] = parseToolDirectives('[[tool:read {path: a}]]');
    expect(broken).toMatchObject({ name: 'read' });
    expect(broken && 'error' in broken ? broken.error : '').toMatch(/not valid JSON/);
  });

  it('finds nothing in ordinary text', () => {
    expect(parseToolDirectives('use [[wiki links]] and [tool:x]')).toEqual([]);
  });
});
