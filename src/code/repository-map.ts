import { basename, extname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { InvalidInputError } from '../errors/index.js';
import { pageRank, type RankEdge } from './page-rank.js';
import { unpackReferencedNames } from './referenced-names.js';

export interface RepositoryMapOptions {
  /** Budget for the printed map, in tokens of about four characters. Default 1,024. */
  tokens?: number;
  /**
   * What to centre the map on: file paths or folders (`src/code`, `parse-source-file.ts`) and terms
   * (identifiers such as `parsePoint`, or free text such as a task, whose identifiers and file names
   * are picked out).
   */
  focus?: readonly string[];
}

export interface MappedSymbol {
  name: string;
  kind: string;
  line: number;
  container: string;
  signature: string;
}

export interface MappedFile {
  path: string;
  /** PageRank of the file in the graph of references (sums to 1 over all files). */
  rank: number;
  symbols: MappedSymbol[];
}

export interface RepositoryMap {
  root: string;
  /** The map as printed: each file, then the signatures of its most referenced definitions. */
  text: string;
  tokens: number;
  files: MappedFile[];
  /** What the focus resolved to. */
  focus: { files: string[]; names: string[] };
  /** Files in the index under this root, and how many of them the map shows. */
  totalFiles: number;
}

export const defaultMapTokens = 1_024;

interface FileRow {
  path: string;
  refs: string;
}

interface DefinitionRow extends MappedSymbol {
  file: number;
}

const identifierPattern = /[A-Za-z_][A-Za-z0-9_]{2,}/g;
/**
 * A name defined in more files than this (`constructor`, `render`, `get`) says nothing about which of
 * them a file uses; its edges would also grow with the square of the tree. Such names add no edges.
 */
const maxDefiners = 25;

/**
 * Aider-style repository map: files are nodes, and a file that mentions a name another file defines
 * gets an edge to it, weighted by how often (square root), how specific the name is (long compound
 * names count more, names defined in many files and `_private` ones less) and whether the focus
 * mentions it. Personalised PageRank ranks the files; each file's rank flows along its edges to the
 * definitions it uses, and the best-ranked definitions are printed, grouped by file, as many as the
 * token budget allows.
 */
export function buildRepositoryMap(
  db: DatabaseSync,
  root: string,
  options: RepositoryMapOptions = {},
): RepositoryMap {
  const budget = options.tokens ?? defaultMapTokens;
  if (!Number.isFinite(budget) || budget < 1)
    throw new InvalidInputError(`the token budget must be a positive number, not ${budget}`);
  const files = db
    .prepare('SELECT id, path, refs FROM code_files WHERE root = ? ORDER BY path')
    .all(root)
    .map((row) => ({ id: Number(row.id), path: String(row.path), refs: String(row.refs) }));
  const indexOfId = new Map(files.map((file, index) => [file.id, index]));
  const allDefinitions: DefinitionRow[] = [];
  for (const row of db
    .prepare(
      `SELECT s.file_id, s.name, s.kind, s.start_line, s.container, s.signature FROM code_symbols s
       JOIN code_files f ON f.id = s.file_id WHERE f.root = ? AND s.kind != 'import'`,
    )
    .all(root)) {
    allDefinitions.push({
      file: indexOfId.get(Number(row.file_id)) ?? 0,
      name: String(row.name),
      kind: String(row.kind),
      line: Number(row.start_line),
      container: String(row.container),
      signature: String(row.signature),
    });
  }
  // Whatever is defined inside a function (its variables and helpers) is local, not part of the
  // file's interface; so is a variable inside anything.
  const functionNames = new Set(
    allDefinitions
      .filter((definition) => definition.kind === 'function' || definition.kind === 'method')
      .map((definition) => `${definition.file}\u0000${definition.name}`),
  );
  const definitions = allDefinitions.filter(
    (definition) =>
      definition.container === '' ||
      (definition.kind !== 'variable' &&
        !functionNames.has(`${definition.file}\u0000${definition.container}`)),
  );
  const definers = new Map<string, Set<number>>();
  for (const definition of definitions) {
    const set = definers.get(definition.name) ?? new Set<number>();
    set.add(definition.file);
    definers.set(definition.name, set);
  }

  const focus = resolveFocus(options.focus ?? [], files, definers);
  const focusFiles = new Set(focus.files);
  const mentioned = new Set(focus.names);
  const weightOf = (name: string, definerCount: number) => {
    let weight = 1;
    if (mentioned.has(name)) weight *= 10;
    if (name.length >= 8 && (/_/.test(name) || (/[a-z]/.test(name) && /[A-Z]/.test(name)))) weight *= 10;
    if (name.startsWith('_')) weight *= 0.1;
    // The references are words of the text, so a plain word (`text`, `value`) also counts every local
    // variable and comment that uses it; it says little about which definition a file depends on.
    if (/^[a-z]+$/.test(name)) weight *= 0.1;
    if (definerCount > 5) weight *= 0.1;
    return weight;
  };

  // Every use of a name is kept (in flat arrays: a large tree has millions) so each file's rank can be
  // handed on to the definitions it uses; PageRank itself runs on one edge per pair of files.
  const nameIds = new Map<string, number>();
  const useFrom: number[] = [];
  const useTo: number[] = [];
  const useName: number[] = [];
  const useWeight: number[] = [];
  const count = files.length;
  const nameWeight = new Map<string, number>();
  const edges: RankEdge[] = [];
  const outWeight = new Float64Array(count);
  // Weight from the current file to each other file, summed over names, then flushed as one edge each.
  const pairWeight = new Float64Array(count);
  const touched: number[] = [];
  files.forEach((file, from) => {
    const focusFactor = focusFiles.has(from) ? 50 : 1;
    for (const [name, mentions] of unpackReferencedNames(file.refs)) {
      const targets = definers.get(name);
      if (!targets || targets.size > maxDefiners) continue;
      let base = nameWeight.get(name);
      if (base === undefined) {
        base = weightOf(name, targets.size);
        nameWeight.set(name, base);
      }
      const weight = base * focusFactor * Math.sqrt(mentions);
      const id = nameIds.get(name) ?? nameIds.size;
      nameIds.set(name, id);
      for (const to of targets) {
        if (to === from) continue;
        useFrom.push(from);
        useTo.push(to);
        useName.push(id);
        useWeight.push(weight);
        if (pairWeight[to] === 0) touched.push(to);
        pairWeight[to]! += weight;
      }
    }
    for (const to of touched) {
      edges.push({ from, to, weight: pairWeight[to] as number });
      outWeight[from]! += pairWeight[to] as number;
      pairWeight[to] = 0;
    }
    touched.length = 0;
  });
  const personalization = new Array<number>(count).fill(0);
  for (const file of focusFiles) personalization[file] = (personalization[file] ?? 0) + 1;
  for (const name of mentioned) {
    const targets = definers.get(name) ?? new Set();
    for (const file of targets) personalization[file] = (personalization[file] ?? 0) + 1 / targets.size;
  }
  const ranks = pageRank(count, edges, { personalization, iterations: 50 });

  const score = new Map<number, number>();
  const names = nameIds.size;
  for (let use = 0; use < useFrom.length; use++) {
    const from = useFrom[use] as number;
    const share = ((ranks[from] ?? 0) * (useWeight[use] as number)) / (outWeight[from] || 1);
    const key = (useTo[use] as number) * names + (useName[use] as number);
    score.set(key, (score.get(key) ?? 0) + share);
  }
  const scored = definitions.map((definition) => {
    const id = nameIds.get(definition.name);
    let value = id === undefined ? 0 : (score.get(definition.file * names + id) ?? 0);
    // Unreferenced definitions still come in, after the referenced ones, in the order of their file.
    value += (ranks[definition.file] ?? 0) * 1e-3;
    if (mentioned.has(definition.name)) value += 10;
    if (focusFiles.has(definition.file)) value += 1;
    return { definition, value };
  });
  scored.sort(
    (a, b) =>
      b.value - a.value || a.definition.file - b.definition.file || a.definition.line - b.definition.line,
  );

  // The largest number of definitions whose rendering fits the budget (binary search, as Aider does).
  // No line is shorter than about eight characters, which bounds how many can fit.
  let low = 0;
  let high = Math.min(scored.length, Math.ceil((budget * 4) / 8));
  let best = render([], files, ranks, focus);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const candidate = render(
      scored.slice(0, middle).map((entry) => entry.definition),
      files,
      ranks,
      focus,
    );
    if (candidate.tokens <= budget) {
      best = candidate;
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return {
    root,
    ...best,
    focus: { files: focus.files.map((file) => files[file]?.path ?? ''), names: focus.names },
    totalFiles: files.length,
  };
}

function resolveFocus(
  focus: readonly string[],
  files: readonly FileRow[],
  definers: ReadonlyMap<string, Set<number>>,
): { files: number[]; names: string[] } {
  const focusFiles = new Set<number>();
  const names = new Set<string>();
  const byStem = new Map<string, number[]>();
  files.forEach((file, index) => {
    const stem = basename(file.path, extname(file.path)).toLowerCase();
    const parts = new Set([stem, ...stem.split(/[-_.]/).filter((part) => part.length >= 5)]);
    for (const part of parts) byStem.set(part, [...(byStem.get(part) ?? []), index]);
  });
  const lowerNames = new Map<string, string[]>();
  for (const name of definers.keys()) {
    const lower = name.toLowerCase();
    lowerNames.set(lower, [...(lowerNames.get(lower) ?? []), name]);
  }
  for (const entry of focus) {
    const trimmed = entry.trim().replace(/^\.\//, '').replace(/\/$/, '');
    if (!trimmed) continue;
    const pathMatches = files.flatMap((file, index) =>
      file.path === trimmed || file.path.startsWith(`${trimmed}/`) || file.path.endsWith(`/${trimmed}`)
        ? [index]
        : [],
    );
    if (pathMatches.length > 0) {
      for (const index of pathMatches) focusFiles.add(index);
      continue;
    }
    const found = [...trimmed.matchAll(identifierPattern)].map((match) => match[0]);
    // One word on its own is a name the person chose; in a sentence, only words shaped like code
    // (parseConfig, MAX_SIZE, Order) are names, so "how does the indexer write" does not focus `write`.
    const single = found.length === 1;
    for (const word of found) {
      const codeShaped = single || /[A-Z_0-9]/.test(word);
      if (codeShaped && definers.has(word)) names.add(word);
      else if (codeShaped && word.length >= 4)
        for (const name of lowerNames.get(word.toLowerCase()) ?? []) names.add(name);
      // A word that names a file or part of its name (`router` for router.ts, `indexer` for
      // code-indexer.ts) focuses that file.
      if (word.length >= 4) for (const index of byStem.get(word.toLowerCase()) ?? []) focusFiles.add(index);
    }
  }
  return { files: [...focusFiles].sort((a, b) => a - b), names: [...names].sort() };
}

function render(
  chosen: readonly DefinitionRow[],
  files: readonly FileRow[],
  ranks: readonly number[],
  focus: { files: number[] },
): { text: string; tokens: number; files: MappedFile[] } {
  const byFile = new Map<number, DefinitionRow[]>();
  for (const file of focus.files) byFile.set(file, []);
  for (const definition of chosen) {
    const list = byFile.get(definition.file) ?? [];
    list.push(definition);
    byFile.set(definition.file, list);
  }
  const order = [...byFile.keys()];
  const mapped: MappedFile[] = order.map((file) => ({
    path: files[file]?.path ?? '',
    rank: ranks[file] ?? 0,
    symbols: (byFile.get(file) ?? [])
      .sort((a, b) => a.line - b.line)
      .map(({ file: _file, ...symbol }) => symbol),
  }));
  const lines: string[] = [];
  for (const file of mapped) {
    lines.push(`${file.path}:`);
    for (const symbol of file.symbols) {
      const indent = symbol.container ? '    ' : '  ';
      lines.push(`${indent}${symbol.line}│ ${symbol.signature || symbol.name}`);
    }
  }
  const text = lines.join('\n');
  return { text, tokens: Math.ceil(text.length / 4), files: mapped };
}
