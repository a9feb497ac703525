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

/** An npm package that ships the grammar as WebAssembly, and the file inside it. */
export interface GrammarSource {
  package: '@vscode/tree-sitter-wasm' | '@cursorless/tree-sitter-wasms' | 'tree-sitter-wasms';
  file: string;
}

/**
 * One supported language. `query` is a tree-sitter query in the style of `tags.scm`: each pattern
 * captures the whole definition as `@definition.<kind>` and its name as `@name` (when the name is not
 * the grammar's `name` field, which is looked up otherwise).
 */
export interface LanguageSpec {
  id: string;
  name: string;
  extensions: readonly string[];
  /** Exact file names without an extension (`Makefile`, `Dockerfile`). */
  fileNames?: readonly string[];
  grammar: GrammarSource;
  query: string;
  /** Join consecutive symbols of one name (a type signature followed by its equations). */
  mergeAdjacent?: boolean;
}
