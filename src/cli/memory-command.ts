import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { InvalidInputError } from '../errors/index.js';
import { createMemory, type Memory, type MemoryEntry, type MemoryKind } from '../memory/index.js';
import { resolveDatabasePath } from '../store/index.js';

interface CommonOptions {
  db?: string;
  json?: boolean;
}

interface FilterOptions {
  agent?: string;
  tag?: string;
  kind?: MemoryKind;
}

export interface MemoryCommandIo {
  write?: (text: string) => void;
  /** Reads the import file; injectable so tests can feed standard input without a real stdin. */
  readStdin?: () => string;
}

/** `ax memory …`: what agents did and learned, searchable with FTS5. */
export function memoryCommand(io: MemoryCommandIo = {}): Command {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  const print = (value: unknown) =>
    write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
  const command = new Command('memory').description(
    'agent memory: add, search, list, export and import what agents learned',
  );
  const db = () =>
    new Option('--db <path>', 'database file (default: $DATABASE_PATH or .automatosx/automatosx.db)');
  const json = () => new Option('--json', 'print machine-readable JSON');
  const agent = () => new Option('-a, --agent <name>', 'only memories of this agent');
  const tag = () => new Option('-t, --tag <tag>', 'only memories with this tag');
  const kind = () =>
    new Option('-k, --kind <kind>', 'only notes or run outcomes').choices(['note', 'outcome']);
  const limit = (fallback: number) =>
    new Option('-n, --limit <n>', 'at most this many entries').argParser(positiveInteger).default(fallback);
  const open = (options: CommonOptions) => createMemory({ dbPath: resolveDatabasePath(options.db) });
  const filter = (options: FilterOptions) => ({
    ...(options.agent !== undefined ? { agent: options.agent } : {}),
    ...(options.tag !== undefined ? { tag: options.tag } : {}),
    ...(options.kind !== undefined ? { kind: options.kind } : {}),
  });

  command
    .command('add')
    .description('remember something')
    .argument('<content>', 'what to remember')
    .option('-a, --agent <name>', 'the agent it belongs to (default: shared by all)')
    .option('--task <text>', 'the task it was learned in')
    .option('-t, --tag <tag...>', 'tags (single words)')
    .option('--run <id>', 'the run it came from')
    .addOption(db())
    .addOption(json())
    .addHelpText(
      'after',
      '\nExample:\n  ax memory add "The staging DB needs the VPN" --agent devops --tag infra staging',
    )
    .action(
      (
        content: string,
        options: CommonOptions & { agent?: string; task?: string; tag?: string[]; run?: string },
      ) => {
        withMemory(open(options), (memory) => {
          const entry = memory.add({
            content,
            ...(options.agent !== undefined ? { agent: options.agent } : {}),
            ...(options.task !== undefined ? { task: options.task } : {}),
            ...(options.tag !== undefined ? { tags: options.tag } : {}),
            ...(options.run !== undefined ? { sourceRun: options.run } : {}),
          });
          print(options.json ? entry : `remembered #${entry.id}`);
        });
      },
    );

  command
    .command('search')
    .description('find memories relevant to a question, most relevant first (bm25)')
    .argument('<query>', 'words to look for; any of them may match')
    .addOption(agent())
    .addOption(tag())
    .addOption(kind())
    .addOption(limit(10))
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax memory search "database migration failed" --agent backend')
    .action((query: string, options: CommonOptions & FilterOptions & { limit: number }) => {
      withMemory(open(options), (memory) => {
        const hits = memory.search(query, { ...filter(options), limit: options.limit });
        if (options.json) return print(hits);
        if (hits.length === 0) return print(`no memories match ${JSON.stringify(query)}`);
        for (const hit of hits) print(describe(hit, hit.snippet));
      });
    });

  command
    .command('list')
    .description('list memories, newest first')
    .addOption(agent())
    .addOption(tag())
    .addOption(kind())
    .addOption(limit(50))
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax memory list --agent security --limit 20')
    .action((options: CommonOptions & FilterOptions & { limit: number }) => {
      withMemory(open(options), (memory) => {
        const entries = memory.list({ ...filter(options), limit: options.limit });
        if (options.json) return print(entries);
        if (entries.length === 0) return print('no memories yet; add one with ax memory add "…"');
        for (const entry of entries) print(describe(entry));
      });
    });

  command
    .command('show')
    .description('show one memory in full')
    .argument('<id>', 'memory id', positiveInteger)
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax memory show 12')
    .action((id: number, options: CommonOptions) => {
      withMemory(open(options), (memory) => {
        const entry = memory.get(id);
        if (!entry)
          throw new InvalidInputError(`no memory #${id}; ax memory list shows the ids`, {
            code: 'memory-not-found',
          });
        if (options.json) return print(entry);
        print(
          [
            `#${entry.id} ${entry.kind}${entry.agent ? ` by ${entry.agent}` : ''}, ${new Date(entry.createdAt).toISOString()}`,
            entry.task ? `task: ${entry.task}` : '',
            entry.tags.length ? `tags: ${entry.tags.join(', ')}` : '',
            entry.sourceRun ? `run: ${entry.sourceRun}` : '',
            '',
            entry.content,
          ]
            .filter((line, index) => line !== '' || index === 4)
            .join('\n'),
        );
      });
    });

  command
    .command('delete')
    .description('forget one memory')
    .argument('<id>', 'memory id', positiveInteger)
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax memory delete 12')
    .action((id: number, options: CommonOptions) => {
      withMemory(open(options), (memory) => {
        const deleted = memory.remove(id);
        if (!deleted)
          throw new InvalidInputError(`no memory #${id}; ax memory list shows the ids`, {
            code: 'memory-not-found',
          });
        print(options.json ? { deleted: id } : `deleted #${id}`);
      });
    });

  command
    .command('export')
    .description('write every memory as JSON Lines (one entry per line), losslessly')
    .argument('[file]', 'file to write (default: standard output)')
    .addOption(db())
    .addHelpText('after', '\nExample:\n  ax memory export memories.jsonl')
    .action((file: string | undefined, options: CommonOptions) => {
      withMemory(open(options), (memory) => {
        const lines = memory.exportAll().map((entry) => `${JSON.stringify(entry)}\n`);
        if (file) {
          writeFileSync(file, lines.join(''));
          process.stderr.write(`exported ${lines.length} memories to ${file}\n`);
        } else {
          write(lines.join(''));
        }
      });
    });

  command
    .command('import')
    .description('read memories written by ax memory export (same ids kept when free)')
    .argument('<file>', 'JSON Lines file, or - for standard input')
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax memory import memories.jsonl')
    .action((file: string, options: CommonOptions) => {
      const text = file === '-' ? (io.readStdin ?? (() => readFileSync(0, 'utf8')))() : readText(file);
      const entries = parseJsonLines(text, file);
      withMemory(open(options), (memory) => {
        const report = memory.importEntries(entries);
        print(
          options.json
            ? report
            : `imported ${report.imported} memories (${report.renumbered} under new ids), ${report.unchanged} already present`,
        );
      });
    });

  command
    .command('clear')
    .description('forget every memory (or those of one agent, tag or kind)')
    .addOption(agent())
    .addOption(tag())
    .addOption(kind())
    .option('-y, --yes', 'really delete; required, since this cannot be undone')
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax memory clear --agent writer --yes')
    .action((options: CommonOptions & FilterOptions & { yes?: boolean }) => {
      withMemory(open(options), (memory) => {
        const scope = filter(options);
        if (!options.yes) {
          throw new InvalidInputError(
            `this would delete ${memory.count(scope)} memories and cannot be undone; run again with --yes (export first with ax memory export)`,
            { code: 'confirmation-required' },
          );
        }
        const removed = memory.clear(scope);
        print(options.json ? { deleted: removed } : `deleted ${removed} memories`);
      });
    });

  return command;
}

function withMemory(memory: Memory, work: (memory: Memory) => void): void {
  try {
    work(memory);
  } finally {
    memory.close();
  }
}

function describe(entry: MemoryEntry, snippet?: string): string {
  const head = `#${entry.id} ${new Date(entry.createdAt).toISOString().slice(0, 16).replace('T', ' ')}${entry.agent ? ` ${entry.agent}` : ''}${entry.kind === 'outcome' ? ' [outcome]' : ''}${entry.tags.length ? ` {${entry.tags.join(', ')}}` : ''}`;
  const body = (snippet ?? entry.content).replace(/\s+/g, ' ');
  return `${head}\n    ${body.length > 200 ? `${body.slice(0, 200)}…` : body}`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function parseJsonLines(text: string, file: string): unknown[] {
  const entries: unknown[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]?.trim();
    if (!line) continue;
    try {
      entries.push(JSON.parse(line));
    } catch (error) {
      throw new InvalidInputError(
        `${file}:${index + 1}: not valid JSON (${(error as Error).message}); nothing was imported`,
        {
          code: 'invalid-memory-import',
        },
      );
    }
  }
  return entries;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidInputError(`expected a positive whole number, got ${value}`);
  return number;
}
