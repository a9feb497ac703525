import { describe, expect, it } from 'vitest';
import { IgnoreRules } from './gitignore.js';

describe('IgnoreRules', () => {
  const rules = IgnoreRules.fromText(
    [
      '# comment',
      '*.log',
      '!important.log',
      'build/',
      '/root-only.txt',
      'docs/**/draft.md',
      '**/cache',
      'tmp?',
      '[Bb]in/',
      '\\#literal',
      '',
    ].join('\n'),
  );

  it.each([
    ['app.log', false, true],
    ['deep/app.log', false, true],
    ['important.log', false, false],
    ['build', true, true],
    ['build', false, undefined],
    ['src/build', true, true],
    ['root-only.txt', false, true],
    ['sub/root-only.txt', false, undefined],
    ['docs/draft.md', false, true],
    ['docs/a/b/draft.md', false, true],
    ['other/draft.md', false, undefined],
    ['x/y/cache', true, true],
    ['tmp1', false, true],
    ['tmp12', false, undefined],
    ['Bin', true, true],
    ['bin', true, true],
    ['#literal', false, true],
    ['src/app.ts', false, undefined],
  ] as const)('%s (folder: %s) → %s', (path, isDirectory, expected) => {
    expect(rules.match(path, isDirectory)).toBe(expected);
  });

  it('ignores blank lines and comments', () => {
    expect(rules.size).toBe(9);
  });
});
