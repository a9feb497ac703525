import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ParseState } from 'web-tree-sitter';
import { type Chunk, chunkFile } from './chunker.js';
import type { CodeSymbol } from './code-symbol.js';
import { loadGrammar, parserFor } from './grammar-loader.js';
import { identifierWords } from './identifier-words.js';
import { languageById } from './language-registry.js';
import { type GrammarLanguageSpec, hasGrammar } from './language-spec.js';
import { referencedNames } from './referenced-names.js';
import { extractSymbols } from './symbol-extractor.js';

/** What the indexer asks a parser (in a worker or in-thread) to do with one file. */
export interface ParseRequest {
  absolutePath: string;
  path: string;
  languageId: string;
  /** The hash stored for this path, so an unchanged file is recognised before it is parsed. */
  knownHash?: string;
  /** Give up on a file whose parse takes longer than this; it is then indexed as text. */
  parseTimeoutMs?: number;
}

export interface ParsedFile {
  path: string;
  languageId: string;
  hash: string;
  size: number;
  lineCount: number;
  symbols: Array<CodeSymbol & { words: string }>;
  /** Identifiers the file mentions, packed by `referencedNames`. */
  refs: string;
  /** Chunks with the parts of their compound identifiers, computed here to keep the writer thread free. */
  chunks: Array<Chunk & { words: string }>;
  /** Empty when everything went well; otherwise why the file is only partly indexed. */
  warnings: string[];
}

export type ParseOutcome =
  | { type: 'parsed'; path: string; file: ParsedFile }
  | { type: 'unchanged'; path: string; hash: string }
  | { type: 'skipped'; path: string; reason: string };

const binarySniffBytes = 8_000;
const defaultParseTimeoutMs = 10_000;

/**
 * Reads, hashes, parses and extracts one file. Never throws for a bad file: binary content is
 * skipped, invalid UTF-8 is replaced and flagged, and a grammar failure or timeout leaves the file
 * searchable as text with a warning.
 */
export async function parseSourceFile(request: ParseRequest): Promise<ParseOutcome> {
  const { path } = request;
  let bytes: Buffer;
  try {
    // Synchronous on purpose: this runs in a parser thread, and the promise API costs more per file.
    bytes = readFileSync(request.absolutePath);
  } catch (error) {
    return { type: 'skipped', path, reason: `cannot read: ${(error as Error).message}` };
  }
  if (bytes.subarray(0, binarySniffBytes).includes(0)) {
    return { type: 'skipped', path, reason: 'binary content (NUL bytes)' };
  }
  const hash = createHash('sha1').update(bytes).digest('hex');
  if (request.knownHash === hash) return { type: 'unchanged', path, hash };

  const warnings: string[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    warnings.push('invalid UTF-8: undecodable bytes were replaced with U+FFFD');
  }

  let symbols: CodeSymbol[] = [];
  const spec = languageById(request.languageId);
  if (!spec) {
    warnings.push(`unknown language ${request.languageId}: indexed as text`);
  } else if (!hasGrammar(spec)) {
    symbols = spec.outline(text);
  } else {
    symbols = await grammarSymbols(spec, text, request.parseTimeoutMs ?? defaultParseTimeoutMs, warnings);
  }
  const chunks = chunkFile(text, symbols).map((chunk) => ({
    ...chunk,
    words: identifierWords(chunk.content),
  }));
  const lineCount = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return {
    type: 'parsed',
    path,
    file: {
      path,
      languageId: request.languageId,
      hash,
      size: bytes.length,
      lineCount,
      symbols: symbols.map((symbol) => ({ ...symbol, words: identifierWords(symbol.name) })),
      refs: referencedNames(text),
      chunks,
      warnings,
    },
  };
}

/** Parses with the language's grammar and runs its query; a failure or timeout becomes a warning. */
async function grammarSymbols(
  spec: GrammarLanguageSpec,
  text: string,
  timeoutMs: number,
  warnings: string[],
): Promise<CodeSymbol[]> {
  try {
    const grammar = await loadGrammar(spec);
    const deadline = performance.now() + timeoutMs;
    // web-tree-sitter stops parsing when the progress callback returns true (its typings say void).
    const progressCallback = ((_state: ParseState) => performance.now() > deadline) as (
      state: ParseState,
    ) => void;
    const source = spec.prepareSource ? spec.prepareSource(text) : text;
    const tree = parserFor(grammar).parse(source, null, { progressCallback });
    if (!tree) {
      warnings.push('parse timed out or was cancelled: indexed as text without symbols');
      return [];
    }
    try {
      if (tree.rootNode.hasError) warnings.push('syntax errors: symbols may be incomplete');
      return extractSymbols(tree, grammar.query, spec);
    } finally {
      // Trees live in WebAssembly memory, not the JS heap: free them or the worker grows without bound.
      tree.delete();
    }
  } catch (error) {
    warnings.push(`parse failed (${(error as Error).message}): indexed as text without symbols`);
    return [];
  }
}
