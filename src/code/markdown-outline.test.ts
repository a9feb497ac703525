import { describe, expect, it } from 'vitest';
import { markdownOutline } from './markdown-outline.js';

const doc = [
  '# Shop', // 1
  '', // 2
  'Intro.', // 3
  '', // 4
  '## Install `shop`', // 5
  '', // 6
  '```sh', // 7
  '# not a heading: a comment in a fence', // 8
  '```', // 9
  '', // 10
  'Setext title', // 11
  '------------', // 12
  '', // 13
  '    # indented code, not a heading', // 14
  '', // 15
  '### Deep', // 16
  '', // 17
  '## Usage', // 18
  'text', // 19
  '', // 20
].join('\n');

describe('markdownOutline', () => {
  it('gives one section per heading, nested, each running to the next heading of its level or above', () => {
    expect(
      markdownOutline(doc).map(({ name, startLine, endLine, container, signature }) => ({
        name,
        startLine,
        endLine,
        container,
        signature,
      })),
    ).toEqual([
      { name: 'Shop', startLine: 1, endLine: 19, container: '', signature: '# Shop' },
      {
        name: 'Install `shop`',
        startLine: 5,
        endLine: 10,
        container: 'Shop',
        signature: '## Install `shop`',
      },
      {
        name: 'Setext title',
        startLine: 11,
        endLine: 17,
        container: 'Shop',
        signature: 'Setext title ------------',
      },
      { name: 'Deep', startLine: 16, endLine: 17, container: 'Setext title', signature: '### Deep' },
      { name: 'Usage', startLine: 18, endLine: 19, container: 'Shop', signature: '## Usage' },
    ]);
    expect(new Set(markdownOutline(doc).map((symbol) => symbol.kind))).toEqual(new Set(['section']));
  });

  it('finds nothing in text without headings, and skips empty headings', () => {
    expect(markdownOutline('')).toEqual([]);
    expect(markdownOutline('just a paragraph\n# \n')).toEqual([]);
  });
});
