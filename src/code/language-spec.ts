import type { CodeSymbol } from './code-symbol.js';

/** What a symbol is. Captures in a language's query are named `definition.<kind>`. */
export const SymbolKind = {
  function: 'function',
  method: 'method',
  class: 'class',
  interface: 'interface',
  type: 'type',
  enum: 'enum',
  constant: 'constant',
  variable: 'variable',
  module: 'module',
  import: 'import',
  property: 'property',
  section: 'section',
  selector: 'selector',
  macro: 'macro',
} as const;
export type SymbolKind = (typeof SymbolKind)[keyof typeof SymbolKind];

export const symbolKinds: readonly SymbolKind[] = Object.values(SymbolKind);

/**
 * Where a grammar's WebAssembly comes from: an npm package that ships it prebuilt, or `bundled`, the
 * `grammars/` folder of this project (files taken or built at development time, listed with their
 * source and license in `grammars/manifest.json`).
 */
export interface GrammarSource {
  package: '@vscode/tree-sitter-wasm' | '@cursorless/tree-sitter-wasms' | 'tree-sitter-wasms' | 'bundled';
  file: string;
}

interface LanguageBase {
  id: string;
  name: string;
  extensions: readonly string[];
  /** Exact file names without an extension (`Makefile`, `Dockerfile`). */
  fileNames?: readonly string[];
  /** A configuration, data or document format rather than a programming language. */
  dataFormat?: boolean;
}

/**
 * A language parsed with a tree-sitter grammar. `query` is a tree-sitter query in the style of
 * `tags.scm`: each pattern captures the whole definition as `@definition.<kind>` and its name as
 * `@name` (when the name is not the grammar's `name` field, which is looked up otherwise).
 */
export interface GrammarLanguageSpec extends LanguageBase {
  grammar: GrammarSource;
  query: string;
  /** Join consecutive symbols of one name (a type signature followed by its equations). */
  mergeAdjacent?: boolean;
  /**
   * Rewrites the source before parsing, for syntax the grammar lacks. It must keep the length (and so
   * every offset and line), because symbols, chunks and search all use the original text.
   */
  prepareSource?: (text: string) => string;
}

/** A document format whose symbols are read from its text without a grammar (Markdown headings). */
export interface OutlineLanguageSpec extends LanguageBase {
  outline: (text: string) => CodeSymbol[];
  /** The kinds `outline` gives. */
  kinds: readonly SymbolKind[];
}

/** One supported language. */
export type LanguageSpec = GrammarLanguageSpec | OutlineLanguageSpec;

export function hasGrammar(spec: LanguageSpec): spec is GrammarLanguageSpec {
  return 'grammar' in spec;
}

/** The kinds of symbol a language yields: its query's `@definition.<kind>` captures, or its outline's. */
export function kindsOf(spec: LanguageSpec): SymbolKind[] {
  const kinds = hasGrammar(spec)
    ? [...spec.query.matchAll(/@definition\.(\w+)/g)].map((match) => match[1] as SymbolKind)
    : spec.kinds;
  return [...new Set(kinds)].sort();
}
