import type { Node, Query, QueryCapture, Tree } from 'web-tree-sitter';
import type { CodeSymbol } from './code-symbol.js';
import { type SymbolKind, symbolKinds } from './language-spec.js';

const maxNameLength = 200;
const maxSignatureLength = 240;
const maxDocLength = 2_000;
const containerKinds = new Set<SymbolKind>(['class', 'interface', 'enum']);
/** Wrappers whose comment belongs to the declaration inside them (`export function`, `const x`, …). */
const commentTypes = /comment|haddock/;

interface RawSymbol extends CodeSymbol {
  startIndex: number;
  endIndex: number;
}

/**
 * Runs a language's tags-style query over a parsed tree and turns the matches into symbols. Where
 * two patterns describe one node (a Rust method also matches the plain function pattern), the
 * earlier, more specific pattern wins.
 */
export function extractSymbols(
  tree: Tree,
  query: Query,
  options: { mergeAdjacent?: boolean } = {},
): CodeSymbol[] {
  const chosen = new Map<
    number,
    { patternIndex: number; definition: QueryCapture; name: Node | undefined }
  >();
  for (const match of query.matches(tree.rootNode)) {
    const definition = match.captures.find((capture) => capture.name.startsWith('definition.'));
    if (!definition) continue;
    const previous = chosen.get(definition.node.id);
    if (previous && previous.patternIndex <= match.patternIndex) continue;
    const name = match.captures.find((capture) => capture.name === 'name')?.node;
    chosen.set(definition.node.id, { patternIndex: match.patternIndex, definition, name });
  }

  const symbols: RawSymbol[] = [];
  for (const { definition, name } of chosen.values()) {
    const kind = definition.name.slice('definition.'.length) as SymbolKind;
    if (!symbolKinds.includes(kind)) continue;
    const node = definition.node;
    const symbolName = cleanName(nameText(node, name, kind));
    if (!symbolName) continue;
    const end = lastLine(node);
    symbols.push({
      name: symbolName,
      kind,
      startLine: node.startPosition.row + 1,
      endLine: end,
      signature: signatureOf(node),
      doc: kind === 'import' ? '' : docOf(node),
      container: '',
      startIndex: node.startIndex,
      endIndex: extendedEnd(node),
    });
  }
  symbols.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  assignContainers(symbols);
  const merged = options.mergeAdjacent ? mergeAdjacent(symbols) : symbols;
  return merged.map(({ startIndex: _start, endIndex: _end, ...symbol }) => symbol);
}

function nameText(node: Node, name: Node | undefined, kind: SymbolKind): string {
  if (name) return name.text;
  const field = node.childForFieldName('name') ?? node.childForFieldName('text');
  if (field) return field.text;
  const line = node.text.split('\n', 1)[0] ?? '';
  // `import scala.collection.mutable` is named by what it imports, not by its keyword.
  return kind === 'import'
    ? line.replace(/^\s*@?(import|use|using|require|include|from)\b\s*/, '').replace(/;\s*$/, '')
    : line;
}

/** One line, no surrounding quotes or brackets (`"./lib.sh"` → `./lib.sh`, `{Intro}` → `Intro`). */
function cleanName(text: string): string {
  let name = text.replace(/\s+/g, ' ').trim();
  const pairs: Record<string, string> = { '"': '"', "'": "'", '`': '`', '<': '>', '{': '}' };
  const first = name[0];
  if (first && pairs[first] && name.length >= 2 && name.endsWith(pairs[first]))
    name = name.slice(1, -1).trim();
  return name.length > maxNameLength ? `${name.slice(0, maxNameLength)}…` : name;
}

/** Dart and a few others keep a function's body as the next sibling of its signature. */
function extendedEnd(node: Node): number {
  const next = node.nextNamedSibling;
  return next?.type === 'function_body' ? next.endIndex : node.endIndex;
}

function lastLine(node: Node): number {
  const next = node.nextNamedSibling;
  const end = next?.type === 'function_body' ? next.endPosition : node.endPosition;
  // A node that ends at column 0 finished with the newline of the line before.
  return end.column === 0 && end.row > node.startPosition.row ? end.row : end.row + 1;
}

/** The declaration up to where its body starts, whitespace collapsed. */
function signatureOf(node: Node): string {
  const body =
    node.childForFieldName('body') ??
    node.namedChildren.find(
      (child) => child !== null && /(^|_)(body|block)$|^declaration_list$/.test(child.type),
    );
  // Stop at the last token before the body that is not a comment, so a comment between the
  // header and the body (Ruby's `module Shop # …`) stays out of the signature.
  let end = body?.startIndex ?? node.endIndex;
  if (body) {
    end = node.startIndex;
    for (const child of node.children) {
      if (!child || child.startIndex >= body.startIndex) break;
      if (!commentTypes.test(child.type)) end = child.endIndex;
    }
  }
  let text = body && end > node.startIndex ? node.text.slice(0, end - node.startIndex) : node.text;
  if (!body) text = text.split('\n', 1)[0] ?? '';
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > maxSignatureLength ? `${text.slice(0, maxSignatureLength)}…` : text;
}

function docOf(node: Node): string {
  const docstring = docstringOf(node);
  if (docstring) return docstring;
  let anchor = node;
  // Climb out of wrappers that start on the same line (`export`, `const`, statement lists).
  while (
    anchor.parent?.parent &&
    anchor.parent.startPosition.row === anchor.startPosition.row &&
    !anchor.previousSibling
  ) {
    anchor = anchor.parent;
  }
  while (
    !anchor.previousNamedSibling &&
    anchor.parent?.parent &&
    anchor.parent.startPosition.row === anchor.startPosition.row
  ) {
    anchor = anchor.parent;
  }
  const comments: string[] = [];
  let line = anchor.startPosition.row;
  let sibling = anchor.previousNamedSibling;
  while (sibling && commentTypes.test(sibling.type) && sibling.endPosition.row >= line - 1) {
    // A comment that shares its line with code before it belongs to that code, not to us.
    const before = sibling.previousSibling;
    if (before && before.endPosition.row === sibling.startPosition.row && !commentTypes.test(before.type))
      break;
    comments.unshift(sibling.text);
    line = sibling.startPosition.row;
    sibling = sibling.previousNamedSibling;
  }
  return cleanDoc(comments.join('\n'));
}

/** Python docstrings and Lisp `docstring` fields live inside the definition. */
function docstringOf(node: Node): string {
  const field = node.childForFieldName('docstring');
  if (field) return cleanDoc(stripQuotes(field.text));
  const body = node.childForFieldName('body');
  const first = body?.namedChild(0);
  if (first?.type === 'expression_statement' && first.namedChild(0)?.type === 'string') {
    return cleanDoc(stripQuotes(first.namedChild(0)?.text ?? ''));
  }
  return '';
}

function stripQuotes(text: string): string {
  return text.replace(/^[rbuf]*("""|'''|"|')/i, '').replace(/("""|'''|"|')$/, '');
}

function cleanDoc(text: string): string {
  const lines = text.split('\n').map((line) =>
    line
      .replace(/^\s*(\/\*\*?|\/\/[/!]?|#+|--+\s*\|?|;+|\(\*+|\{-\|?|\\\*|%+|\*(?!\/))\s?/, '')
      .replace(/\s*(\*\/|\*+\)|-\})\s*$/, '')
      .trimEnd(),
  );
  const doc = lines.join('\n').trim();
  return doc.length > maxDocLength ? `${doc.slice(0, maxDocLength)}…` : doc;
}

/** Gives each symbol the name of the innermost symbol around it; functions in classes become methods. */
function assignContainers(symbols: RawSymbol[]): void {
  const stack: RawSymbol[] = [];
  for (const symbol of symbols) {
    while (stack.length > 0 && (stack.at(-1)?.endIndex ?? 0) < symbol.endIndex) stack.pop();
    const parent = stack.at(-1);
    if (parent && symbol.kind !== 'import') {
      symbol.container = parent.name;
      if (symbol.kind === 'function' && containerKinds.has(parent.kind)) symbol.kind = 'method';
    }
    if (symbol.kind === 'variable' && /^[A-Z][A-Z0-9_]+$/.test(symbol.name)) symbol.kind = 'constant';
    stack.push(symbol);
  }
}

function mergeAdjacent(symbols: RawSymbol[]): RawSymbol[] {
  const result: RawSymbol[] = [];
  for (const symbol of symbols) {
    const previous = result.at(-1);
    if (
      previous &&
      previous.name === symbol.name &&
      previous.kind === symbol.kind &&
      previous.container === symbol.container &&
      symbol.startLine <= previous.endLine + 1
    ) {
      previous.endLine = Math.max(previous.endLine, symbol.endLine);
      previous.endIndex = Math.max(previous.endIndex, symbol.endIndex);
      continue;
    }
    result.push(symbol);
  }
  return result;
}
