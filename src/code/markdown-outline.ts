import MarkdownIt from 'markdown-it';
import type { CodeSymbol } from './code-symbol.js';

/**
 * Block rules only: headings, and the blocks that can hide a `#` line from being one (code, HTML,
 * lists, quotes). Inline rules stay off, so a heading's text is its source (`` `parse` options ``).
 */
const parser = new MarkdownIt('zero').enable([
  'heading',
  'lheading',
  'fence',
  'code',
  'html_block',
  'blockquote',
  'list',
  'hr',
  'reference',
]);

/**
 * The sections of a Markdown document: one symbol per heading (ATX `## Title` or setext underline),
 * running to the line before the next heading of the same or a higher level, inside its parent
 * heading's section. markdown-it's block parser replaces the tree-sitter grammar here: on a 42 KB README
 * that grammar took about 33 ms per parse once warm, and V8 optimising its 170 KB lexer function made
 * the process peak near 500 MB, for a document format whose only symbols are its headings.
 */
export function markdownOutline(text: string): CodeSymbol[] {
  const tokens = parser.parse(text, {});
  const lines = text.split('\n');
  const lastLine = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const headings: Array<{ level: number; symbol: CodeSymbol }> = [];
  for (let index = 0; index < tokens.length; index++) {
    const open = tokens[index];
    if (open?.type !== 'heading_open' || !open.map) continue;
    const name = (tokens[index + 1]?.content ?? '').replace(/\s+/g, ' ').trim();
    if (!name) continue;
    const [start, end] = open.map;
    headings.push({
      level: Number(open.tag.slice(1)),
      symbol: {
        name,
        kind: 'section',
        startLine: start + 1,
        endLine: lastLine,
        signature: lines
          .slice(start, end)
          .map((line) => line.trim())
          .join(' '),
        doc: '',
        container: '',
      },
    });
  }
  const open: Array<{ level: number; symbol: CodeSymbol }> = [];
  for (const heading of headings) {
    while (open.length > 0 && (open.at(-1)?.level ?? 0) >= heading.level) {
      const closed = open.pop();
      if (closed) closed.symbol.endLine = Math.max(closed.symbol.startLine, heading.symbol.startLine - 1);
    }
    heading.symbol.container = open.at(-1)?.symbol.name ?? '';
    open.push(heading);
  }
  return headings.map((heading) => heading.symbol);
}
