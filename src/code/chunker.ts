import type { CodeSymbol } from './code-symbol.js';

/** A slice of a file indexed for full-text search. Lines are 1-based and inclusive. */
export interface Chunk {
  startLine: number;
  endLine: number;
  content: string;
}

export interface ChunkOptions {
  minLines?: number;
  maxLines?: number;
}

/**
 * Cuts a file into chunks of roughly `minLines`..`maxLines` lines, starting new chunks where
 * top-level symbols start, so a hit usually lands in one whole definition rather than across two.
 */
export function chunkFile(text: string, symbols: readonly CodeSymbol[], options: ChunkOptions = {}): Chunk[] {
  const minLines = options.minLines ?? 20;
  const maxLines = options.maxLines ?? 60;
  const lines = text.split('\n');
  if (lines.length > 0 && lines.at(-1) === '') lines.pop();
  if (lines.length === 0) return [];
  const boundaries = new Set<number>();
  for (const symbol of symbols) if (!symbol.container) boundaries.add(symbol.startLine);

  const chunks: Chunk[] = [];
  let start = 1;
  for (let line = 2; line <= lines.length + 1; line++) {
    const size = line - start;
    const atEnd = line === lines.length + 1;
    if (atEnd || size >= maxLines || (size >= minLines && boundaries.has(line))) {
      chunks.push({
        startLine: start,
        endLine: line - 1,
        content: lines.slice(start - 1, line - 1).join('\n'),
      });
      start = line;
    }
  }
  return chunks;
}
