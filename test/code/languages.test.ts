import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  extractSymbols,
  hasGrammar,
  kindsOf,
  languageForPath,
  loadGrammar,
  parserFor,
  preloadGrammars,
  type SymbolKind,
  supportedLanguages,
} from '../../src/code/index.js';

const fixtures = join(import.meta.dirname, '../fixtures/code');

/**
 * For every supported language, symbols that its sample file must yield: [kind, name, first line].
 * Each sample is hand-written; the lines are where the definitions start in it.
 */
const expected: Record<string, Array<[SymbolKind, string, number]>> = {
  'Sample.elm': [
    ['module', 'Sample', 1],
    ['import', 'Html', 3],
    ['type', 'Color', 5],
    ['type', 'Point', 9],
    ['function', 'add', 13],
  ],
  'Sample.hs': [
    ['module', 'Sample', 1],
    ['import', 'Data.List', 3],
    ['type', 'Color', 5],
    ['interface', 'Shape', 7],
    ['type', 'Name', 10],
    ['function', 'add', 13],
  ],
  'Sample.java': [
    ['module', 'com.example.shop', 1],
    ['import', 'java.util.List', 3],
    ['class', 'Order', 6],
    ['constant', 'MAX_ITEMS', 7],
    ['method', 'total', 10],
    ['interface', 'Repository', 15],
    ['enum', 'Status', 19],
  ],
  'sample.R': [
    ['import', 'dplyr', 1],
    ['function', 'add', 4],
    ['function', 'total', 8],
    ['constant', 'MAX_ITEMS', 10],
  ],
  'sample.awk': [
    ['import', 'lib.awk', 1],
    ['section', 'BEGIN', 3],
    ['function', 'total', 5],
  ],
  'sample.d': [
    ['module', 'shop.order', 1],
    ['import', 'std.stdio', 3],
    ['class', 'Order', 6],
    ['method', 'add', 9],
    ['class', 'Point', 14],
    ['interface', 'Repository', 19],
    ['enum', 'Color', 23],
    ['function', 'add', 25],
  ],
  'sample.fs': [
    ['module', 'Shop', 1],
    ['import', 'System', 3],
    ['type', 'Point', 5],
    ['type', 'Shape', 7],
    ['function', 'add', 12],
    ['variable', 'maxItems', 14],
    ['class', 'Order', 16],
    ['method', 'Total', 18],
  ],
  'sample.groovy': [
    ['module', 'com.example.shop', 1],
    ['import', 'java.util.List', 3],
    ['class', 'Order', 5],
    ['method', 'add', 8],
    ['interface', 'Repository', 13],
    ['function', 'greet', 17],
  ],
  'sample.jl': [
    ['module', 'Shop', 1],
    ['import', 'LinearAlgebra', 3],
    ['function', 'add', 7],
    ['class', 'Point', 11],
    ['interface', 'Shape', 16],
    ['constant', 'MAX_ITEMS', 18],
    ['macro', 'twice', 20],
    ['function', 'area', 24],
  ],
  'sample.lisp': [
    ['module', ':shop', 1],
    ['variable', '*orders*', 3],
    ['function', 'add', 7],
    ['macro', 'twice', 11],
    ['class', 'order', 14],
    ['function', 'total', 17],
  ],
  'sample.mk': [
    ['constant', 'CC', 1],
    ['import', 'common.mk', 4],
    ['function', 'all', 8],
    ['function', 'build', 10],
    ['function', 'clean', 13],
    ['macro', 'greet', 16],
  ],
  'sample.svelte': [
    ['section', 'script', 1],
    ['section', 'style', 12],
  ],
  'sample.v': [
    ['module', 'counter', 1],
    ['module', 'top', 5],
    ['module', 'shop_pkg', 10],
    ['function', 'add', 11],
    ['function', 'reset_all', 15],
  ],
  'sample.agda': [
    ['module', 'sample', 1],
    ['type', 'Nat', 3],
    ['function', 'add', 8],
  ],
  'sample.c': [
    ['import', 'stdio.h', 1],
    ['constant', 'MAX_ITEMS', 2],
    ['class', 'point', 5],
    ['enum', 'color', 10],
    ['type', 'size_type', 12],
    ['function', 'add', 15],
  ],
  'sample.clj': [
    ['module', 'shop.core', 1],
    ['variable', 'max-items', 4],
    ['function', 'total', 6],
    ['macro', 'unless', 11],
  ],
  'sample.cpp': [
    ['import', 'string', 1],
    ['module', 'geometry', 3],
    ['class', 'Shape', 6],
    ['method', 'area', 8],
    ['enum', 'Kind', 16],
    ['function', 'greet', 21],
  ],
  'sample.cs': [
    ['import', 'System', 1],
    ['module', 'Shop', 3],
    ['class', 'Order', 6],
    ['method', 'Total', 8],
    ['interface', 'IRepository', 11],
    ['enum', 'Status', 13],
  ],
  'sample.css': [
    ['selector', '.header', 2],
    ['selector', '#main > .content', 6],
    ['selector', '.sidebar', 11],
  ],
  'sample.dart': [
    ['import', 'dart:math', 1],
    ['class', 'Order', 4],
    ['method', 'total', 5],
    ['enum', 'Status', 8],
    ['function', 'add', 11],
  ],
  'sample.el': [
    ['import', 'cl-lib', 2],
    ['variable', 'shop-max-items', 4],
    ['function', 'shop-total', 7],
    ['macro', 'shop-with-order', 11],
  ],
  'sample.ex': [
    ['module', 'Shop.Order', 1],
    ['import', 'Enum', 3],
    ['function', 'total', 6],
    ['function', 'helper', 10],
  ],
  'sample.gd': [
    ['import', 'Node', 1],
    ['class', 'Player', 2],
    ['constant', 'MAX_HEALTH', 4],
    ['enum', 'State', 6],
    ['function', 'move', 9],
    ['class', 'Inventory', 12],
  ],
  'sample.gleam': [
    ['import', 'gleam/io', 1],
    ['type', 'Color', 3],
    ['constant', 'max_items', 8],
    ['function', 'add', 11],
  ],
  'sample.go': [
    ['module', 'shop', 1],
    ['import', 'fmt', 3],
    ['class', 'Order', 6],
    ['interface', 'Store', 10],
    ['constant', 'MaxOrders', 14],
    ['method', 'Total', 17],
    ['function', 'NewOrder', 22],
  ],
  'sample.html': [
    ['import', 'app.js', 5],
    ['property', 'cart', 8],
    ['section', 'Orders', 9],
  ],
  'sample.ini': [
    ['section', 'database', 2],
    ['property', 'host', 3],
    ['property', 'port', 4],
    ['section', 'cache', 6],
    ['property', 'enabled', 7],
  ],
  'sample.js': [
    ['import', 'node:fs/promises', 1],
    ['function', 'loadConfig', 4],
    ['constant', 'DEFAULT_PORT', 8],
    ['function', 'double', 10],
    ['class', 'Server', 12],
    ['method', 'start', 13],
  ],
  'sample.json': [
    ['property', 'name', 2],
    ['property', 'version', 3],
    ['property', 'scripts', 4],
  ],
  'sample.kt': [
    ['module', 'shop', 1],
    ['import', 'kotlin.math.max', 3],
    ['class', 'Order', 6],
    ['method', 'total', 7],
    ['interface', 'Repository', 10],
    ['function', 'add', 17],
  ],
  'sample.lua': [
    ['import', 'json', 1],
    ['function', 'add', 4],
    ['function', 'M.total', 8],
    ['function', 'greet', 12],
  ],
  'sample.m': [
    ['import', 'Foundation/Foundation.h', 1],
    ['class', 'Order', 4],
    ['method', 'total', 5],
    ['class', 'Order', 8],
    ['method', 'total', 9],
    ['interface', 'Repository', 14],
  ],
  'sample.md': [
    ['section', 'Shop', 1],
    ['section', 'Installation', 5],
    ['section', 'Details', 9],
  ],
  'sample.ml': [
    ['import', 'Printf', 1],
    ['type', 'color', 4],
    ['module', 'Shop', 6],
    ['variable', 'max_items', 7],
    ['function', 'add', 11],
    ['function', 'greet', 13],
  ],
  'sample.nix': [
    ['variable', 'version', 4],
    ['function', 'mkShop', 5],
    ['variable', 'shop', 8],
  ],
  'sample.php': [
    ['module', 'App\\Shop', 2],
    ['import', 'App\\Models\\User', 4],
    ['class', 'Order', 7],
    ['method', 'total', 9],
    ['interface', 'Repository', 15],
    ['function', 'helper', 20],
  ],
  'sample.pl': [
    ['module', 'Shop::Order', 1],
    ['import', 'strict', 2],
    ['function', 'total', 6],
    ['function', 'new', 11],
  ],
  'sample.properties': [
    ['property', 'server.port', 2],
    ['property', 'server.host', 3],
    ['property', 'app.name', 4],
  ],
  'sample.ps1': [
    ['function', 'Get-Greeting', 2],
    ['class', 'Counter', 7],
    ['property', '$Count', 8],
    ['method', 'Increment', 9],
  ],
  'sample.py': [
    ['import', 'os', 1],
    ['constant', 'MAX_SIZE', 4],
    ['class', 'Repository', 7],
    ['method', 'save', 10],
    ['function', 'load', 15],
  ],
  'sample.rb': [
    ['import', 'json', 1],
    ['module', 'Shop', 4],
    ['class', 'Order', 6],
    ['constant', 'MAX_ITEMS', 7],
    ['method', 'total', 9],
    ['method', 'build', 13],
  ],
  'sample.res': [
    ['import', 'Belt', 1],
    ['type', 'color', 3],
    ['module', 'Shop', 5],
    ['variable', 'maxItems', 6],
    ['function', 'add', 10],
  ],
  'sample.rs': [
    ['import', 'std::collections::HashMap', 1],
    ['class', 'Order', 4],
    ['enum', 'Status', 8],
    ['interface', 'Repository', 13],
    ['method', 'save', 14],
    ['method', 'new', 19],
    ['constant', 'MAX_ITEMS', 24],
    ['type', 'Index', 26],
    ['module', 'storage', 28],
    ['function', 'add', 31],
  ],
  'sample.scala': [
    ['module', 'shop', 1],
    ['import', 'scala.collection.mutable', 3],
    ['class', 'Order', 6],
    ['method', 'total', 7],
    ['interface', 'Repository', 10],
    ['variable', 'MaxItems', 15],
  ],
  'sample.scss': [
    ['import', 'base', 1],
    ['variable', '$primary', 3],
    ['function', 'centered', 5],
    ['selector', '.header', 10],
    ['selector', '.title', 12],
  ],
  'sample.sh': [
    ['import', './lib.sh', 2],
    ['function', 'greet', 5],
    ['function', 'cleanup', 9],
  ],
  'sample.sol': [
    ['import', './Token.sol', 3],
    ['class', 'Shop', 6],
    ['variable', 'total', 7],
    ['type', 'Bought', 9],
    ['enum', 'Status', 13],
    ['method', 'buy', 16],
  ],
  'sample.swift': [
    ['import', 'Foundation', 1],
    ['class', 'Order', 4],
    ['method', 'total', 5],
    ['interface', 'Repository', 12],
    ['enum', 'Status', 16],
    ['function', 'add', 19],
  ],
  'sample.tex': [
    ['import', 'article', 1],
    ['macro', '\\shop', 3],
    ['section', 'Introduction', 5],
    ['section', 'Scope', 7],
    ['property', 'sec:scope', 8],
  ],
  'sample.tf': [
    ['section', 'web', 2],
    ['variable', 'region', 6],
    ['module', 'network', 10],
  ],
  'sample.tla': [
    ['module', 'Sample', 1],
    ['import', 'Naturals', 2],
    ['variable', 'count', 4],
    ['function', 'Init', 7],
    ['function', 'Next', 9],
  ],
  'sample.toml': [
    ['section', 'package', 2],
    ['property', 'name', 3],
    ['property', 'version', 4],
    ['section', 'dependencies', 6],
    ['property', 'serde', 7],
  ],
  'sample.ts': [
    ['import', 'zod', 1],
    ['interface', 'Shape', 4],
    ['method', 'area', 5],
    ['type', 'Point', 8],
    ['enum', 'Color', 10],
    ['constant', 'ORIGIN', 15],
    ['class', 'Circle', 18],
    ['method', 'constructor', 19],
    ['function', 'parsePoint', 27],
    ['module', 'Geometry', 32],
  ],
  'sample.tsx': [
    ['import', 'react', 1],
    ['interface', 'ButtonProps', 3],
    ['function', 'Button', 8],
    ['function', 'App', 12],
  ],
  'sample.vue': [
    ['section', 'template', 1],
    ['section', 'script', 5],
    ['section', 'style', 11],
  ],
  'sample.xml': [
    ['section', 'project', 2],
    ['property', 'name', 3],
    ['property', 'dependencies', 4],
  ],
  'sample.yaml': [
    ['property', 'name', 2],
    ['property', 'jobs', 3],
  ],
  'sample.zig': [
    ['import', 'std', 1],
    ['class', 'Point', 4],
    ['function', 'add', 10],
  ],
};

// Load every grammar before parsing anything: loads after the first parse are much slower.
beforeAll(() => preloadGrammars(supportedLanguages()));

/** Parses a fixture with its language's grammar (loaded once per language for the whole file). */
async function symbolsOf(file: string) {
  const spec = languageForPath(file);
  if (!spec) throw new Error(`no language for ${file}`);
  const text = readFileSync(join(fixtures, file), 'utf8');
  if (!hasGrammar(spec)) return { spec, hasError: false, symbols: spec.outline(text) };
  const grammar = await loadGrammar(spec);
  const tree = parserFor(grammar).parse(text);
  if (!tree) throw new Error(`${file} did not parse`);
  try {
    return { spec, hasError: tree.rootNode.hasError, symbols: extractSymbols(tree, grammar.query, spec) };
  } finally {
    tree.delete();
  }
}

describe('every supported language', () => {
  it('has a sample file, and every sample belongs to a supported language', () => {
    const samples = readdirSync(fixtures).filter((file) => /^sample\./i.test(file));
    const covered = new Set(samples.map((file) => languageForPath(file)?.id));
    // Data formats (JSON, YAML, …) are counted apart: at least 45 programming languages.
    expect(supportedLanguages().filter((spec) => !spec.dataFormat).length).toBeGreaterThanOrEqual(45);
    expect(
      supportedLanguages()
        .filter((spec) => !covered.has(spec.id))
        .map((spec) => spec.id),
    ).toEqual([]);
    expect(Object.keys(expected).sort()).toEqual(samples.sort());
  });

  it.each(Object.entries(expected))(
    '%s: the expected symbols are extracted with their kind and line',
    async (file, symbols) => {
      const result = await symbolsOf(file);
      // A sample that does not parse cleanly would test error recovery, not the grammar.
      expect(result.hasError, `${file} has syntax errors under the ${result.spec.name} grammar`).toBe(false);
      const found = result.symbols.map((symbol) => [symbol.kind, symbol.name, symbol.startLine]);
      for (const symbol of symbols) expect(found).toContainEqual(symbol);
    },
  );
});

describe('symbol details', () => {
  it('reads doc comments and docstrings in the styles of each language', async () => {
    const doc = async (file: string, name: string) =>
      (await symbolsOf(file)).symbols.find((symbol) => symbol.name === name)?.doc;
    expect(await doc('sample.py', 'load')).toBe('Loads a file.');
    expect(await doc('sample.py', 'Repository')).toBe('Stores orders.');
    expect(await doc('sample.go', 'NewOrder')).toBe('NewOrder creates an order.');
    expect(await doc('sample.rs', 'new')).toBe('Creates an order.');
    expect(await doc('sample.ts', 'parsePoint')).toBe('Parses a point.');
    expect(await doc('sample.js', 'loadConfig')).toBe('Reads the configuration file.');
    expect(await doc('Sample.java', 'total')).toBe('Computes the total.');
    expect(await doc('Sample.hs', 'add')).toBe('Adds two numbers.');
    expect(await doc('sample.el', 'shop-total')).toBe('Sum the PRICES.');
    expect(await doc('sample.rb', 'Order')).toBe('An order placed by a customer.');
    expect(await doc('sample.ts', 'ORIGIN')).toBe('');
  });

  it('gives signatures up to the body, containers, and line ranges', async () => {
    const { symbols } = await symbolsOf('sample.ts');
    const parsePoint = symbols.find((symbol) => symbol.name === 'parsePoint');
    expect(parsePoint).toMatchObject({
      signature: 'export function parsePoint(text: string): Point'.replace('export ', ''),
      startLine: 27,
      endLine: 30,
      container: '',
    });
    expect(symbols.find((symbol) => symbol.name === 'area' && symbol.container === 'Circle')).toMatchObject({
      kind: 'method',
      startLine: 21,
      endLine: 23,
    });
    const python = (await symbolsOf('sample.py')).symbols;
    expect(python.find((symbol) => symbol.name === 'save')).toMatchObject({
      kind: 'method',
      container: 'Repository',
    });
    expect(python.find((symbol) => symbol.name === 'load')?.signature).toBe('def load(path: str) -> str:');
  });

  it('joins a Haskell type signature and its equations into one symbol', async () => {
    const adds = (await symbolsOf('Sample.hs')).symbols.filter((symbol) => symbol.name === 'add');
    expect(adds).toHaveLength(1);
    expect(adds[0]).toMatchObject({ startLine: 13, endLine: 14, signature: 'add :: Int -> Int -> Int' });
  });
});

describe('docs/languages.md', () => {
  it('lists exactly the supported languages with the kinds their queries extract', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/languages.md'), 'utf8');
    const rows = new Map<string, string>();
    for (const match of doc.matchAll(/^\|\s*`([a-z+#-]+)`\s*\|[^|]*\|[^|]*\|\s*([^|]+?)\s*\|/gm)) {
      rows.set(match[1] as string, (match[2] as string).trim());
    }
    for (const spec of supportedLanguages()) {
      expect(rows.get(spec.id), `docs/languages.md row for ${spec.id}`).toBe(kindsOf(spec).join(', '));
    }
    expect([...rows.keys()].sort()).toEqual(
      supportedLanguages()
        .map((spec) => spec.id)
        .sort(),
    );
  });
});
