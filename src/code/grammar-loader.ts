import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, Query } from 'web-tree-sitter';
import {
  type GrammarLanguageSpec,
  type GrammarSource,
  hasGrammar,
  type LanguageSpec,
} from './language-spec.js';
import { upgradeLegacyDylink } from './upgrade-legacy-dylink.js';

const require = createRequire(import.meta.url);

/** Where each grammar package keeps its .wasm files, relative to its package.json. */
const packageFolders: Record<Exclude<GrammarSource['package'], 'bundled'>, string> = {
  '@vscode/tree-sitter-wasm': 'wasm',
  '@cursorless/tree-sitter-wasms': 'out',
  'tree-sitter-wasms': 'out',
};

/** A grammar ready to parse with: the language and its compiled symbol query. */
export interface LoadedGrammar {
  spec: GrammarLanguageSpec;
  language: Language;
  query: Query;
}

let runtimeReady: Promise<void> | undefined;
const grammars = new Map<string, Promise<LoadedGrammar>>();

/** Absolute path of a grammar's .wasm file inside its npm package or the bundled grammars/ folder. */
export function grammarPath(source: GrammarSource): string {
  // Both src/code/ and dist/code/ sit two levels below the project root, next to grammars/.
  if (source.package === 'bundled')
    return fileURLToPath(new URL(`../../grammars/${source.file}`, import.meta.url));
  const packageJson = require.resolve(`${source.package}/package.json`);
  return join(dirname(packageJson), packageFolders[source.package], source.file);
}

/**
 * Loads a language's grammar and compiles its query once per thread; later calls share the result.
 * web-tree-sitter keeps one WebAssembly runtime per thread, which is why each worker has its own cache.
 */
export function loadGrammar(spec: GrammarLanguageSpec): Promise<LoadedGrammar> {
  let loaded = grammars.get(spec.id);
  if (!loaded) {
    loaded = loadUncached(spec);
    grammars.set(spec.id, loaded);
    // A failed load is not cached, so a later call reports the error again instead of a stale promise.
    loaded.catch(() => grammars.delete(spec.id));
  }
  return loaded;
}

async function loadUncached(spec: GrammarLanguageSpec): Promise<LoadedGrammar> {
  runtimeReady ??= Parser.init();
  await runtimeReady;
  const path = grammarPath(spec.grammar);
  const binary = upgradeLegacyDylink(new Uint8Array(await readFile(path)));
  let language: Language;
  try {
    language = await Language.load(binary);
  } catch (cause) {
    throw new Error(`cannot load the ${spec.name} grammar from ${path}: ${errorText(cause)}`, { cause });
  }
  let query: Query;
  try {
    query = new Query(language, spec.query);
  } catch (cause) {
    throw new Error(`the ${spec.name} symbol query does not compile against ${path}: ${errorText(cause)}`, {
      cause,
    });
  }
  return { spec, language, query };
}

/**
 * Loads several grammars before any parsing. Measured: once parsing has grown the WebAssembly heap,
 * each further grammar load gets much slower (tens of ms becomes seconds), so a run that knows its
 * languages up front loads them all first.
 */
export async function preloadGrammars(specs: readonly LanguageSpec[]): Promise<void> {
  for (const spec of specs.filter(hasGrammar)) {
    try {
      await loadGrammar(spec);
    } catch {
      // Reported per file when a file of that language is parsed.
    }
  }
}

/** A parser per language per thread: setLanguage is cheap, but reusing one avoids allocating per file. */
const parsers = new Map<string, Parser>();

export function parserFor(grammar: LoadedGrammar): Parser {
  let parser = parsers.get(grammar.spec.id);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(grammar.language);
    parsers.set(grammar.spec.id, parser);
  }
  return parser;
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message || cause.name : String(cause);
}
