import type { SymbolKind } from './language-spec.js';

/** A named definition found in a source file. Lines are 1-based and inclusive. */
export interface CodeSymbol {
  name: string;
  kind: SymbolKind;
  startLine: number;
  endLine: number;
  /** The declaration up to its body, on one line (`function parsePoint(text: string): Point`). */
  signature: string;
  /** The comment or docstring that documents it, without comment markers; empty when none. */
  doc: string;
  /** The name of the enclosing symbol (the class of a method), empty at top level. */
  container: string;
}
