import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every `ax` command the docs show is run, so the docs cannot promise what the program does not do.
 *
 * Conventions for authors of docs/*.md and README.md:
 * - Commands run from fenced ```sh (also bash, shell) and ```console blocks. In `sh` every line is a
 *   command; in `console` only lines that start with `$ ` are (the rest is sample output). A line runs
 *   when it starts with `ax ` or `npx ax ` (optionally after `VAR=value` assignments); other lines
 *   (`npm install`, `cat …`) are shown, not run. ```text and ```yaml blocks never run.
 * - Each doc runs in a fresh temporary directory with a fresh HOME, through `sh -c` (pipes and
 *   redirections work), with the provider keys removed from the environment, so the built-in
 *   simulator answers, and `ax` on PATH is the built CLI.
 * - A fenced block right after `<!-- file: some/path.yaml -->` is written to that path first.
 * - A command must exit 0, unless its line ends in a comment that starts with `exit N` (`# exit 2`).
 * - ```ts blocks that import from 'automatosx' are type-checked (strict) against the built package.
 * - `<execution-id>`, `<run-id>` and `<memory-id>` are replaced by the latest such id an earlier
 *   command of the same doc printed. Any other `<placeholder>` in a runnable line is an error: put
 *   such lines in a ```text block.
 */

const root = fileURLToPath(new URL('../', import.meta.url));
const shells = new Set(['sh', 'bash', 'shell', 'console']);
const axCommand = /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:npx\s+)?ax(?:\s|$)/;

interface FencedBlock {
  language: string;
  content: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** From a `<!-- file: … -->` comment right before the block. */
  file?: string;
}

interface DocCommand {
  command: string;
  line: number;
  expectedExit: number;
  /** In a console block: the output lines shown under the command. */
  shownOutput?: string[];
}

/** The fenced blocks of a Markdown text, each with the file marker that precedes it, if any. */
function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  let marker: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? '';
    const markerMatch = /^<!--\s*file:\s*(\S+)\s*-->\s*$/.exec(text);
    if (markerMatch) {
      marker = markerMatch[1];
      continue;
    }
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (!open) {
      if (text.trim() !== '' && marker !== undefined) {
        throw new Error(`line ${index}: the file marker for ${marker} must be followed by a fenced block`);
      }
      continue;
    }
    const fence = open[2] ?? '```';
    const body: string[] = [];
    const start = index;
    for (index++; index < lines.length && !(lines[index] ?? '').trimStart().startsWith(fence); index++) {
      body.push((lines[index] ?? '').slice((open[1] ?? '').length));
    }
    blocks.push({
      language: (open[3] ?? '').toLowerCase(),
      content: `${body.join('\n')}\n`,
      line: start + 1,
      ...(marker === undefined ? {} : { file: marker }),
    });
    marker = undefined;
  }
  return blocks;
}

/** The anchors GitHub gives a Markdown file's headings (lower case, punctuation dropped, spaces → -). */
function headingSlugs(path: string): Set<string> {
  const slugs = new Set<string>();
  let inFence = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      slugs.add(
        (heading[1] ?? '')
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      );
    }
  }
  return slugs;
}

/** The `ax` command lines of the shell and console blocks, continuations joined. */
function docCommands(blocks: readonly FencedBlock[]): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const block of blocks) {
    if (!shells.has(block.language) || block.file !== undefined) continue;
    const lines = block.content.split('\n');
    for (let index = 0; index < lines.length; index++) {
      const line = block.line + 1 + index;
      let text = lines[index] ?? '';
      if (block.language === 'console') {
        if (!text.startsWith('$ ')) continue;
        text = text.slice(2);
      }
      while (text.endsWith('\\') && index + 1 < lines.length) {
        index++;
        text = `${text.slice(0, -1).trimEnd()} ${(lines[index] ?? '').trim()}`;
      }
      text = text.trim();
      if (!axCommand.test(text)) continue;
      const exit = /\s#\s*exit\s+(\d+)\b/.exec(text);
      const shown: string[] = [];
      if (block.language === 'console') {
        while (index + 1 < lines.length && !(lines[index + 1] ?? '').startsWith('$ ')) {
          index++;
          if ((lines[index] ?? '').trim() !== '') shown.push((lines[index] ?? '').trim());
        }
      }
      commands.push({
        command: text.replace(/(^|\s)npx\s+ax(?=\s|$)/, '$1ax'),
        line,
        expectedExit: exit ? Number(exit[1]) : 0,
        ...(block.language === 'console' ? { shownOutput: shown } : {}),
      });
    }
  }
  return commands;
}

/** Placeholders and where their values come from in what earlier commands printed. */
const placeholders: Record<string, RegExp> = {
  '<execution-id>': /\bex-[a-z0-9]+-[0-9a-f]{8}\b/g,
  // A full run id, or the short one `ax run` ends with (`… · run 74cd153a`).
  '<run-id>': /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|(?<=\brun )[0-9a-f]{8}\b/g,
  '<memory-id>': /(?<=remembered #)\d+\b/g,
};

/**
 * A shown output line as a pattern for a printed line: ids, numbers, times and the directories of
 * absolute paths (the doc's run happened elsewhere) vary from run to run, and `…` stands for text left out.
 */
function outputPattern(shown: string): RegExp {
  const parts = shown.split(/(…|ex-[a-z0-9]+-[0-9a-f]{8}|(?<![\w.])(?:\/[\w.-]+)+\/|\d+(?:\.\d+)?)/);
  const source = parts
    .map((part, index) => {
      if (index % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (part === '…') return '.*';
      if (part.startsWith('/')) return '(?:/[^\\s/]+)+/';
      return part.startsWith('ex-') ? 'ex-[a-z0-9]+-[0-9a-f]{8}' : '\\d+(?:\\.\\d+)?';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function substitute(command: string, printed: string): string {
  return command.replace(/<[a-z][a-z0-9-]*>/g, (name) => {
    const pattern = placeholders[name];
    if (!pattern) {
      throw new Error(`unknown placeholder ${name}: use one of ${Object.keys(placeholders).join(', ')}`);
    }
    const found = printed.match(pattern)?.at(-1);
    if (found === undefined) throw new Error(`${name}: no earlier command of this doc printed one`);
    return found;
  });
}

interface ShellResult {
  code: number;
  output: string;
}

function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * A private copy of the build, laid out like the installed package (dist beside agents/, workflows/,
 * …). Other builds of the shared tree rewrite dist/ file by file; a copy taken while dist/ is quiet,
 * and checked to be unchanged after copying, cannot be caught half-written by the commands that run.
 */
/** Every folder this file makes under the OS temp dir, removed when the file's tests end. */
const scratchFolders: string[] = [];
function scratchFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  scratchFolders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of scratchFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function snapshotPackage(): Promise<string> {
  const dist = join(root, 'dist');
  const signature = () =>
    (readdirSync(dist, { recursive: true }) as string[])
      .sort()
      .map((name) => {
        const stat = statSync(join(dist, name));
        return `${name}:${stat.size}:${stat.mtimeMs}`;
      })
      .join('\n');
  const newest = () =>
    Math.max(
      ...(readdirSync(dist, { recursive: true }) as string[]).map(
        (name) => statSync(join(dist, name)).mtimeMs,
      ),
    );
  for (let tries = 0; tries < 60; tries++) {
    if (Date.now() - newest() < 1_000) {
      await sleep(500);
      continue;
    }
    const before = signature();
    const target = scratchFolder('ax-docs-pkg-');
    cpSync(dist, join(target, 'dist'), { recursive: true });
    if (signature() !== before) continue;
    for (const name of ['agents', 'workflows', 'demo', 'schema', 'node_modules', 'package.json']) {
      if (existsSync(join(root, name))) symlinkSync(join(root, name), join(target, name));
    }
    return target;
  }
  throw new Error('dist/ kept changing for 30 s: another build is running; try again when it has finished');
}

let packageRoot = root;
let cliPath = join(root, 'dist', 'cli', 'ax.js');

/** The environment a reader without provider keys has, with the built CLI as `ax`. */
function docEnvironment(work: string): NodeJS.ProcessEnv {
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ax'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(join(bin, 'ax'), 0o755);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/(_API_KEY|_AUTH_TOKEN)$/.test(name) || name === 'DATABASE_PATH' || name.startsWith('VITEST'))
      continue;
    env[name] = value;
  }
  const home = join(work, 'home');
  mkdirSync(home);
  return { ...env, HOME: home, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' };
}

async function runDoc(path: string): Promise<number> {
  const blocks = fencedBlocks(readFileSync(path, 'utf8'));
  const work = scratchFolder('ax-docs-');
  const project = join(work, 'project');
  mkdirSync(project);
  for (const block of blocks) {
    if (block.file === undefined) continue;
    const target = join(project, block.file);
    if (relative(project, target).startsWith('..')) throw new Error(`${block.file}: outside the project`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, block.content);
  }
  const env = docEnvironment(work);
  const commands = docCommands(blocks);
  let printed = '';
  for (const { command, line, expectedExit, shownOutput } of commands) {
    const where = `${relative(root, path)}:${line}: ${command}`;
    const resolved = substitute(command, printed);
    const result = await runShell(resolved, project, env);
    printed += result.output;
    expect(
      result.code,
      `${where}\nexited ${result.code}, expected ${expectedExit}:\n${result.output.slice(-3000)}`,
    ).toBe(expectedExit);
    const printedLines = result.output.split('\n').map((text) => text.trim());
    for (const shown of shownOutput ?? []) {
      const pattern = outputPattern(shown);
      expect(
        printedLines.some((text) => pattern.test(text)),
        `${where}\nthe doc shows "${shown}", which it did not print:\n${result.output.slice(-3000)}`,
      ).toBe(true);
    }
  }
  return commands.length;
}

const docsDirectory = join(root, 'docs');
const docs = [
  ...readdirSync(docsDirectory)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(docsDirectory, name)),
  join(root, 'README.md'),
];

describe('docs', () => {
  beforeAll(async () => {
    packageRoot = await snapshotPackage();
    cliPath = join(packageRoot, 'dist', 'cli', 'ax.js');
  });

  it('finds commands, files, exit codes and placeholders the way the conventions say', () => {
    const markdown = [
      '<!-- file: flows/a.yaml -->',
      '```yaml',
      'name: a',
      '```',
      '```sh',
      'npx ax workflow run flows/a.yaml --input x=1 \\',
      '  --json',
      'ax workflow validate broken.yaml   # exit 2',
      'npm test',
      '# ax workflow list',
      '```',
      '```console',
      '$ ax workflow status <execution-id>',
      'ax output line, not a command',
      '```',
      '```text',
      'ax workflow resume <execution-id>',
      '```',
    ].join('\n');
    const blocks = fencedBlocks(markdown);
    expect(blocks.map((block) => [block.language, block.file])).toEqual([
      ['yaml', 'flows/a.yaml'],
      ['sh', undefined],
      ['console', undefined],
      ['text', undefined],
    ]);
    expect(docCommands(blocks)).toEqual([
      { command: 'ax workflow run flows/a.yaml --input x=1 --json', line: 6, expectedExit: 0 },
      { command: 'ax workflow validate broken.yaml   # exit 2', line: 8, expectedExit: 2 },
      {
        command: 'ax workflow status <execution-id>',
        line: 13,
        expectedExit: 0,
        shownOutput: ['ax output line, not a command'],
      },
    ]);
    const shown = outputPattern(
      'run ex-mwwamqd4-c89f9447 getting-started: completed in 202 ms — 5 succeeded…',
    );
    expect(
      shown.test('run ex-mwwb9do6-ca4ece1b getting-started: completed in 1.5 ms — 12 succeeded, 0 failed'),
    ).toBe(true);
    expect(shown.test('run ex-mwwb9do6-ca4ece1b getting-started: failed in 1.5 ms — 12 succeeded')).toBe(
      false,
    );
    expect(
      substitute(
        'ax workflow status <execution-id>',
        'run ex-ab12-0123abcd\nrun ex-cd34-4567cdef: completed',
      ),
    ).toBe('ax workflow status ex-cd34-4567cdef');
    expect(substitute('ax runs show <run-id>', '· 1.0 s · run 688cf5fb\n')).toBe('ax runs show 688cf5fb');
    expect(() => substitute('ax workflow status <id>', 'ex-ab12-0123abcd')).toThrow(
      /unknown placeholder <id>/,
    );
    expect(() => substitute('ax runs show <run-id>', '')).toThrow(/no earlier command/);
  });

  it('docs/cli-reference.md is what scripts/generate-cli-reference.mjs makes of the program', async () => {
    const script = new URL('../scripts/generate-cli-reference.mjs', import.meta.url).href;
    const { renderCliReference } = (await import(script)) as {
      renderCliReference: (packageRoot: URL) => Promise<string>;
    };
    const committed = readFileSync(join(docsDirectory, 'cli-reference.md'), 'utf8');
    expect(committed, 'out of date: run npm run build && node scripts/generate-cli-reference.mjs').toBe(
      await renderCliReference(pathToFileURL(`${packageRoot}/`)),
    );
  });

  it('links between the docs point at files and headings that exist', () => {
    const broken: string[] = [];
    for (const path of docs) {
      const text = readFileSync(path, 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1] ?? '';
        if (/^[a-z]+:/.test(target)) continue;
        const [file = '', anchor] = target.split('#');
        const linked = file === '' ? path : join(dirname(path), file);
        const line = text.slice(0, match.index).split('\n').length;
        if (!existsSync(linked)) broken.push(`${relative(root, path)}:${line}: ${target}: no such file`);
        else if (anchor !== undefined && linked.endsWith('.md') && !headingSlugs(linked).has(anchor)) {
          broken.push(`${relative(root, path)}:${line}: ${target}: no heading with that anchor`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("type-checks every ```ts example that imports from 'automatosx' against the built package", () => {
    const work = scratchFolder('ax-docs-ts-');
    const sources = new Map<string, string>();
    for (const path of docs) {
      for (const block of fencedBlocks(readFileSync(path, 'utf8'))) {
        if (!['ts', 'typescript'].includes(block.language) || !block.content.includes("from 'automatosx'"))
          continue;
        const name = `${relative(root, path).replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.mts`;
        sources.set(name, `${relative(root, path)}:${block.line}`);
        writeFileSync(join(work, name), `${block.content}export {};\n`);
      }
    }
    expect(sources.size).toBeGreaterThan(0);
    const compilerOptions = {
      target: 'es2023',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['es2023'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      paths: { automatosx: [join(packageRoot, 'dist', 'index.d.ts')] },
    };
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.mts'] }));
    const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', work], { encoding: 'utf8' });
    // Name each error by the doc and line the example comes from, not the temporary file.
    const report = `${tsc.stdout}${tsc.stderr}`.replace(
      /(?:[^\s(]*\/)?([\w.-]+\.mts)/g,
      (whole, name: string) => sources.get(name) ?? whole,
    );
    expect(report, 'the docs show code that does not compile against the package').toBe('');
    expect(tsc.status).toBe(0);
  });

  for (const path of docs) {
    // Concurrently: the commands mostly wait on simulated latency, and each doc has its own directory.
    it.concurrent(`runs every command ${relative(root, path)} shows`, { timeout: 180_000 }, async () => {
      await runDoc(path);
    });
  }
});
