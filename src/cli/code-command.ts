import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createLogUpdate } from 'log-update';
import {
  type CodeIndex,
  createCodeIndex,
  defaultMapTokens,
  type IndexProgress,
  type IndexReport,
  type SymbolHit,
  type SymbolKind,
  supportedLanguages,
  symbolKinds,
} from '../code/index.js';
import { InvalidInputError, nearestNames } from '../errors/index.js';
import { resolveDatabasePath } from '../store/index.js';

interface CommonOptions {
  db?: string;
  json?: boolean;
}

export interface CodeCommandIo {
  write?: (text: string) => void;
  /** Where progress goes; a TTY gets a live bar, anything else plain lines. */
  progressStream?: NodeJS.WriteStream;
}

/** `ax code …`: index a codebase with tree-sitter and search it. */
export function codeCommand(io: CodeCommandIo = {}): Command {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  const print = (value: unknown) =>
    write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
  const command = new Command('code').description(
    'code intelligence: index, search, symbols, definitions, references and a repository map',
  );
  const db = () =>
    new Option('--db <path>', 'database file (default: $DATABASE_PATH or .automatosx/automatosx.db)');
  const json = () => new Option('--json', 'print machine-readable JSON');
  const limit = () =>
    new Option('-n, --limit <n>', 'at most this many results').argParser(positiveInteger).default(20);
  const open = (options: CommonOptions, root?: string) =>
    createCodeIndex({ dbPath: resolveDatabasePath(options.db), root: root ?? process.cwd() });

  command
    .command('index')
    .description('index (or re-index, incrementally) the source files under a folder')
    .argument('[path]', 'folder to index', '.')
    .option('-e, --exclude <pattern...>', 'extra .gitignore-style patterns to leave out')
    .option('--no-gitignore', 'index files that .gitignore excludes')
    .option('--no-default-excludes', 'also index node_modules, build output, lock files, …')
    .option('--max-file-size <bytes>', 'skip files larger than this', positiveInteger, 1024 * 1024)
    .option('-w, --workers <n>', 'parser threads (0 parses in the main thread)', nonNegativeInteger)
    .addOption(db())
    .addOption(json())
    .addHelpText(
      'after',
      '\nExample:\n  ax code index src --exclude "*.generated.ts"\n  ax code index . --json',
    )
    .action(
      async (
        path: string,
        options: CommonOptions & {
          exclude?: string[];
          gitignore: boolean;
          defaultExcludes: boolean;
          maxFileSize: number;
          workers?: number;
        },
      ) => {
        const index = open(options, path);
        const progress = options.json ? undefined : progressView(io.progressStream ?? process.stderr);
        try {
          const report = await index.index({
            exclude: options.exclude ?? [],
            respectGitignore: options.gitignore,
            useDefaultExcludes: options.defaultExcludes,
            maxFileBytes: options.maxFileSize,
            ...(options.workers === undefined ? {} : { workers: options.workers }),
            ...(progress ? { onProgress: progress.update } : {}),
          });
          progress?.stop();
          if (options.json) print(report);
          else print(describeReport(report));
        } finally {
          progress?.stop();
          index.close();
        }
      },
    );

  command
    .command('search')
    .description('full-text search over indexed code, ranked with bm25')
    .argument('<query>', 'words to find; "a phrase", AND / OR / NOT, and prefix* are understood')
    .option('-l, --language <id>', 'only files of this language (see ax code languages)')
    .option('-p, --path <prefix>', 'only files whose path starts with this')
    .addOption(limit())
    .addOption(db())
    .addOption(json())
    .addHelpText(
      'after',
      '\nExample:\n  ax code search "retry backoff" --language typescript\n  ax code search "parse*" --json',
    )
    .action((query: string, options: CommonOptions & { language?: string; path?: string; limit: number }) => {
      withIndex(open(options), (index) => {
        const hits = index.search(query, {
          limit: options.limit,
          ...(options.language ? { language: checkLanguage(options.language) } : {}),
          ...(options.path ? { pathPrefix: options.path } : {}),
        });
        if (options.json) return print(hits);
        if (hits.length === 0) return print(`no matches for ${JSON.stringify(query)}`);
        for (const hit of hits) {
          const where = `${display(hit.root, hit.path)}:${hit.line}`;
          print(
            `${where}${hit.symbol ? `  (${hit.symbol.kind} ${hit.symbol.name})` : ''}\n    ${hit.snippet}`,
          );
        }
      });
    });

  command
    .command('symbols')
    .description('list symbols whose name starts with <name> (case-insensitive)')
    .argument('<name>', 'symbol name or its beginning')
    .addOption(new Option('-k, --kind <kind>', 'only this kind of symbol').choices(symbolKinds))
    .option('-l, --language <id>', 'only files of this language')
    .option('-f, --file <text>', 'only files whose path contains this')
    .option('--exact', 'the whole name, not a prefix')
    .addOption(limit())
    .addOption(db())
    .addOption(json())
    .addHelpText(
      'after',
      '\nExample:\n  ax code symbols parse --kind function\n  ax code symbols Order --exact --json',
    )
    .action(
      (
        name: string,
        options: CommonOptions & {
          kind?: SymbolKind;
          language?: string;
          file?: string;
          exact?: boolean;
          limit: number;
        },
      ) => {
        withIndex(open(options), (index) => {
          const hits = index.symbols({
            name,
            prefix: !options.exact,
            limit: options.limit,
            ...(options.kind ? { kind: options.kind } : {}),
            ...(options.language ? { language: checkLanguage(options.language) } : {}),
            ...(options.file ? { file: options.file } : {}),
          });
          if (options.json) return print(hits);
          if (hits.length === 0) return print(`no symbols named ${JSON.stringify(name)}…`);
          for (const hit of hits) print(describeSymbol(hit));
        });
      },
    );

  command
    .command('def')
    .description('where a name is defined (definitions first, never imports)')
    .argument('<name>', 'exact symbol name (case-insensitive)')
    .addOption(limit())
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax code def createCodeIndex')
    .action((name: string, options: CommonOptions & { limit: number }) => {
      withIndex(open(options), (index) => {
        const hits = index.definition(name, { limit: options.limit });
        if (options.json) return print(hits);
        if (hits.length === 0) {
          process.exitCode = 1;
          return print(`no definition of ${JSON.stringify(name)} in the index; try ax code symbols ${name}`);
        }
        for (const hit of hits)
          print(`${describeSymbol(hit)}${hit.doc ? `\n    ${hit.doc.split('\n')[0]}` : ''}`);
      });
    });

  command
    .command('refs')
    .description('where a name is used: every line that has it as a whole identifier')
    .argument('<name>', 'identifier to look for (case-sensitive)')
    .option('-p, --path <prefix>', 'only files whose path starts with this')
    .addOption(limit().default(100))
    .addOption(db())
    .addOption(json())
    .addHelpText(
      'after',
      '\nExample:\n  ax code refs createCodeIndex\n  ax code refs parseConfig --path src/ --json',
    )
    .action((name: string, options: CommonOptions & { path?: string; limit: number }) => {
      withIndex(open(options), (index) => {
        const hits = index.references(name, {
          limit: options.limit,
          ...(options.path ? { pathPrefix: options.path } : {}),
        });
        if (options.json) return print(hits);
        if (hits.length === 0) return print(`no references to ${JSON.stringify(name)} in the index`);
        for (const hit of hits) {
          const where = `${display(hit.root, hit.path)}:${hit.line}`;
          const note = hit.definition
            ? '  (definition)'
            : hit.symbol
              ? `  (in ${hit.symbol.kind} ${hit.symbol.name})`
              : '';
          print(`${where}${note}\n    ${hit.text}`);
        }
      });
    });

  command
    .command('map')
    .description('the files and signatures that matter most, ranked by which code uses which (PageRank)')
    .argument('[path]', 'the indexed folder to map', '.')
    .option(
      '-t, --tokens <n>',
      'budget for the map, in tokens of about 4 characters',
      positiveInteger,
      defaultMapTokens,
    )
    .option('-f, --focus <path-or-term...>', 'files, folders, names or a question to centre the map on')
    .addOption(db())
    .addOption(json())
    .addHelpText(
      'after',
      '\nExample:\n  ax code map --tokens 2048\n  ax code map --focus src/code parsePoint\n  ax code map --focus "how are retries scheduled?" --json',
    )
    .action((path: string, options: CommonOptions & { tokens: number; focus?: string[] }) => {
      withIndex(open(options, path), (index) => {
        const map = index.map({ tokens: options.tokens, focus: options.focus ?? [] });
        if (options.json) return print(map);
        if (map.totalFiles === 0)
          return print(`nothing indexed under ${index.root}; run ax code index ${path} first`);
        print(map.text);
        process.stderr.write(
          `${map.files.length} of ${map.totalFiles} files, ~${map.tokens} tokens` +
            (map.focus.files.length + map.focus.names.length > 0
              ? `; focus: ${[...map.focus.files, ...map.focus.names].join(', ')}`
              : '') +
            '\n',
        );
      });
    });

  command
    .command('stats')
    .description('what the index holds: files, symbols and chunks by language and kind')
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax code stats --json')
    .action((options: CommonOptions) => {
      withIndex(open(options), (index) => {
        const stats = index.stats();
        if (options.json) return print(stats);
        print(
          `${stats.files} files, ${stats.symbols} symbols, ${stats.chunks} chunks, ${stats.bytes} bytes of source` +
            (stats.partialFiles ? ` (${stats.partialFiles} partly indexed)` : ''),
        );
        for (const root of stats.roots) print(`root: ${root}`);
        for (const row of stats.byLanguage)
          print(`  ${row.language.padEnd(12)} ${row.files} files, ${row.symbols} symbols`);
        if (stats.byKind.length > 0)
          print(`kinds: ${stats.byKind.map((row) => `${row.kind} ${row.symbols}`).join(', ')}`);
      });
    });

  command
    .command('languages')
    .description('the languages the indexer parses, with their file extensions')
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax code languages')
    .action((options: { json?: boolean }) => {
      const languages = supportedLanguages().map((spec) => ({
        id: spec.id,
        name: spec.name,
        extensions: spec.extensions,
      }));
      if (options.json) return print(languages);
      for (const language of languages)
        print(`${language.id.padEnd(12)} ${language.name.padEnd(16)} ${language.extensions.join(' ')}`);
      print(`${languages.length} languages`);
    });

  return command;
}

function withIndex(index: CodeIndex, work: (index: CodeIndex) => void): void {
  try {
    work(index);
  } finally {
    index.close();
  }
}

function describeReport(report: IndexReport): string {
  const seconds = report.durationMs / 1000;
  const rate = seconds > 0 ? Math.round(report.scanned / seconds) : report.scanned;
  const lines = [
    `indexed ${report.scanned} files under ${report.root} in ${seconds.toFixed(2)} s (${rate} files/s, ${report.workers} workers): ` +
      `${report.parsed} parsed, ${report.unchanged} unchanged, ${report.removed} removed, ${report.skipped.length} skipped`,
  ];
  for (const skip of report.skipped.slice(0, 20)) lines.push(`  skipped ${skip.path}: ${skip.reason}`);
  if (report.skipped.length > 20)
    lines.push(`  … and ${report.skipped.length - 20} more skipped (see --json)`);
  for (const file of report.partial.slice(0, 20))
    lines.push(`  partial ${file.path}: ${file.warnings.join('; ')}`);
  if (report.partial.length > 20)
    lines.push(`  … and ${report.partial.length - 20} more partly indexed (see --json)`);
  return lines.join('\n');
}

function describeSymbol(hit: SymbolHit): string {
  const where = `${display(hit.root, hit.path)}:${hit.startLine}-${hit.endLine}`;
  return `${hit.kind.padEnd(9)} ${hit.container ? `${hit.container}.` : ''}${hit.name}  ${where}\n    ${hit.signature}`;
}

/** A path as the person typing sees it: relative to where they stand when that is shorter. */
function display(root: string, path: string): string {
  const absolute = resolve(root, path);
  const fromHere = relative(process.cwd(), absolute);
  return fromHere.startsWith('..') ? absolute : fromHere;
}

function progressView(stream: NodeJS.WriteStream): {
  update: (progress: IndexProgress) => void;
  stop: () => void;
} {
  if (stream.isTTY) {
    const render = createLogUpdate(stream);
    let stopped = false;
    return {
      update(progress) {
        if (stopped) return;
        if (progress.phase !== 'parsing' || progress.total === 0) return render(`${progress.phase}…`);
        const width = 30;
        const filled = Math.round((progress.done / progress.total) * width);
        render(
          `parsing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done}/${progress.total} files`,
        );
      },
      stop() {
        if (stopped) return;
        stopped = true;
        render.clear();
        render.done();
      },
    };
  }
  let lastQuarter = -1;
  return {
    update(progress) {
      if (progress.phase !== 'parsing') return;
      if (progress.total === 0) return;
      const quarter = Math.floor((progress.done / progress.total) * 4);
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      stream.write(`parsing ${progress.done}/${progress.total} files\n`);
    },
    stop() {},
  };
}

function checkLanguage(id: string): string {
  const known = supportedLanguages().map((spec) => spec.id);
  if (!known.includes(id)) {
    const near = nearestNames(id, known);
    const hint = near.length > 0 ? `did you mean ${near.join(', ')}? ` : '';
    throw new InvalidInputError(
      `unknown language ${JSON.stringify(id)}; ${hint}run ax code languages to see all ${known.length}`,
    );
  }
  return id;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidInputError(`expected a positive whole number, got ${value}`);
  return number;
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidInputError(`expected a whole number ≥ 0, got ${value}`);
  return number;
}
