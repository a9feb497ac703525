// Code-intelligence benchmark on generated TypeScript trees and on a real mixed tree (`mixed`: this
// repository's src/ with zod, yaml and commander from node_modules), in the system temp folder, removed after:
//  - cold index at each size (files/s, peak RSS of a fresh process per size), with a baseline measured
//    in the same run: a bare web-tree-sitter parse loop over the same files in one thread;
//  - re-index with nothing changed;
//  - search p50/p95 by query kind at the largest size (10,000 files hold ~100,000 symbols);
//  - `code map` time at that size.
// Runs the built dist/ (`npm run build` first).
//   node bench/code.bench.mjs [--sizes 1000,10000[,50000][,mixed]] [--queries N] [--workers N] [--json]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const json = args.includes('--json');
const log = (line) => process.stderr.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const dist = new URL('../dist/', import.meta.url);

/** Deterministic identifiers from a fixed vocabulary, so every run indexes the same tree. */
const words = `order invoice payment customer account ledger report tax discount price cart item stock
  warehouse shipment route carrier label parcel refund coupon session token user profile address email
  notify schedule retry backoff queue worker batch export import parse format render validate compute
  total balance currency amount rate period quarter budget forecast metric event audit policy limit`
  .split(/\s+/)
  .filter(Boolean);
const pick = (n, salt) => words[(n * 2654435761 + salt * 40503) % words.length];
const camel = (n, salt) => `${pick(n, salt)}${pick(n, salt + 1).replace(/^./, (c) => c.toUpperCase())}`;

/** `count` files in folders of 100; each defines ten symbols and uses names of two other files. */
function generateTree(root, count) {
  for (let n = 0; n < count; n++) {
    const folder = join(root, `src/${pick(Math.floor(n / 100), 7)}${Math.floor(n / 100)}`);
    if (n % 100 === 0) mkdirSync(folder, { recursive: true });
    const a = (n * 7 + 3) % count;
    const b = (n * 13 + 5) % count;
    const lines = [
      `import { ${camel(a, 1)}${a} } from '../m${a}.js';`,
      `import { ${camel(b, 1)}${b} } from '../m${b}.js';`,
      '',
      `/** ${pick(n, 2)} ${pick(n, 3)} for module ${n}. */`,
      `export function ${camel(n, 1)}${n}(input: number, ${pick(n, 4)}: string): number {`,
      `  const ${pick(n, 5)}Value = ${camel(a, 1)}${a}(input, '${pick(n, 6)}') + ${camel(b, 1)}${b}(input, 'x');`,
      `  return ${pick(n, 5)}Value * ${n % 17};`,
      '}',
      '',
      `export interface ${camel(n, 8).replace(/^./, (c) => c.toUpperCase())}Options${n} {`,
      `  ${pick(n, 9)}: number;`,
      `  ${pick(n, 10)}?: string;`,
      '}',
      '',
      `export type ${camel(n, 11).replace(/^./, (c) => c.toUpperCase())}Id${n} = string;`,
      `export const ${pick(n, 12).toUpperCase()}_${pick(n, 13).toUpperCase()}_${n} = ${n};`,
      '',
      `export class ${camel(n, 14).replace(/^./, (c) => c.toUpperCase())}Service${n} {`,
      `  private readonly cache = new Map<string, number>();`,
      `  ${camel(n, 15)}(key: string): number | undefined {`,
      '    return this.cache.get(key);',
      '  }',
      `  ${camel(n, 16)}(key: string, value: number): void {`,
      '    this.cache.set(key, value);',
      '  }',
      `  async ${camel(n, 17)}Async(): Promise<number> {`,
      `    return ${camel(n, 1)}${n}(${n}, 'async');`,
      '  }',
      '}',
      '',
      `export function ${camel(n, 18)}Helper${n}(items: number[]): number {`,
      '  let sum = 0;',
      '  for (const item of items) sum += item;',
      '  return sum;',
      '}',
      '',
    ];
    writeFileSync(join(folder, `${pick(n, 19)}-${n}.ts`), lines.join('\n'));
  }
}

/**
 * A real mixed tree: this repository's src/ and three packages from its node_modules (TypeScript,
 * bundled JavaScript in ESM and CommonJS, declaration files, JSON, Markdown), about 1,500 files.
 */
function copyMixedTree(root) {
  const project = fileURLToPath(new URL('../', import.meta.url));
  for (const folder of ['src', 'node_modules/zod', 'node_modules/yaml', 'node_modules/commander']) {
    cpSync(join(project, folder), join(root, folder.replace('node_modules/', 'packages/')), {
      recursive: true,
    });
  }
}

/** One size (or `mixed`), in a fresh process, so its peak RSS is its own. */
async function child(size, workers, queryCount) {
  const { createCodeIndex, hasGrammar, loadGrammar, parserFor } = await import(
    new URL('code/index.js', dist).href
  );
  const { walkSourceFiles } = await import(new URL('code/file-walker.js', dist).href);
  const root = mkdtempSync(join(tmpdir(), 'ax-code-bench-'));
  try {
    if (size === 'mixed') copyMixedTree(root);
    else generateTree(root, size);
    const result = { files: size };
    const index = createCodeIndex({ dbPath: join(root, 'bench.db'), root });
    let started = performance.now();
    const cpuBefore = process.cpuUsage();
    const cold = await index.index(workers === undefined ? {} : { workers });
    const coldMs = performance.now() - started;
    const coldCpu = process.cpuUsage(cpuBefore);
    const stats = index.stats();
    result.cold = {
      ms: Math.round(coldMs),
      filesPerSecond: Math.round(cold.scanned / (coldMs / 1000)),
      // CPU time of every thread of the process (workers included), per file.
      cpuMsPerFile: Number(((coldCpu.user + coldCpu.system) / 1000 / cold.scanned).toFixed(2)),
      workers: cold.workers,
      symbols: stats.symbols,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    started = performance.now();
    const warm = await index.index();
    result.reindexUnchanged = {
      ms: Math.round(performance.now() - started),
      filesPerSecond: Math.round(warm.unchanged / ((performance.now() - started) / 1000)),
    };
    result.files = cold.scanned;
    // Baseline in the same process: one thread parsing the same files with web-tree-sitter, nothing else.
    const files = walkSourceFiles(root).files.filter((file) => hasGrammar(file.language));
    const grammars = new Map();
    for (const file of files) {
      if (!grammars.has(file.language.id)) grammars.set(file.language.id, await loadGrammar(file.language));
    }
    started = performance.now();
    const parseCpuBefore = process.cpuUsage();
    for (const file of files) {
      const parser = parserFor(grammars.get(file.language.id));
      parser.parse(readFileSync(file.absolutePath, 'utf8'))?.delete();
    }
    const parseMs = performance.now() - started;
    const parseCpu = process.cpuUsage(parseCpuBefore);
    result.baselineParseLoop = {
      ms: Math.round(parseMs),
      filesPerSecond: Math.round(files.length / (parseMs / 1000)),
      cpuMsPerFile: Number(((parseCpu.user + parseCpu.system) / 1000 / files.length).toFixed(2)),
    };
    result.coldVsParseLoop = Number(
      (result.cold.filesPerSecond / result.baselineParseLoop.filesPerSecond).toFixed(2),
    );
    if (queryCount > 0) {
      result.search = searchLatency(index, queryCount);
      started = performance.now();
      const cpuStarted = process.threadCpuUsage();
      const map = index.map({ tokens: 1024 });
      const focused = index.map({ tokens: 1024, focus: [`where is ${camel(42, 1)}42 used?`] });
      const cpu = process.threadCpuUsage(cpuStarted);
      result.map = {
        ms: Math.round(performance.now() - started) / 2,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000) / 2,
        files: map.files.length,
        tokens: map.tokens,
        focusedFirst: focused.files[0]?.path,
      };
    }
    index.close();
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function searchLatency(index, queryCount) {
  const percentile = (sorted, p) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const kinds = {
    identifier: (n) => `${camel(n, 1)}${n}`,
    'two words': (n) => `${pick(n, 2)} ${pick(n, 3)}`,
    'prefix*': (n) => `${pick(n, 5).slice(0, 4)}*`,
  };
  // Wall time, and the CPU time of this thread: on a shared machine the first includes time spent
  // waiting for a core, the second is what the query costs.
  const measure = (run, make) => {
    for (let n = 0; n < 30; n++) run(make(n));
    const wall = [];
    const cpu = [];
    for (let n = 0; n < queryCount; n++) {
      const query = make(n * 31 + 7);
      const started = performance.now();
      const cpuStarted = process.threadCpuUsage();
      run(query);
      const used = process.threadCpuUsage(cpuStarted);
      wall.push(performance.now() - started);
      cpu.push((used.user + used.system) / 1000);
    }
    wall.sort((a, b) => a - b);
    const round = (value) => Number(value.toFixed(2));
    // The thread CPU clock ticks in whole jiffies (4 ms here), so only its mean is meaningful.
    return {
      p50: round(percentile(wall, 50)),
      p95: round(percentile(wall, 95)),
      cpuMean: round(cpu.reduce((sum, value) => sum + value, 0) / cpu.length),
    };
  };
  const out = {};
  for (const [kind, make] of Object.entries(kinds)) {
    out[`search, ${kind}`] = measure((query) => index.search(query, { limit: 20 }), make);
    out[`symbols, ${kind}`] = measure((query) => index.symbols({ text: query, limit: 20 }), make);
  }
  out['symbol by exact name'] = measure(
    (query) => index.symbols({ name: query, limit: 20 }),
    kinds.identifier,
  );
  out.references = measure((query) => index.references(query, { limit: 50 }), kinds.identifier);
  return out;
}

if (args[0] === '--child') {
  const [size, workers, queries] = JSON.parse(args[1]);
  process.stdout.write(`${JSON.stringify(await child(size, workers ?? undefined, queries))}\n`);
} else {
  const sizes = String(option('--sizes', '1000,10000,mixed'))
    .split(',')
    .map((size) => (size === 'mixed' ? size : Number(size)));
  const queries = Number(option('--queries', 1000));
  const workers = option('--workers', null);
  const machine = { cores: availableParallelism(), loadBefore: load() };
  log(`code bench: sizes ${sizes.join(', ')}; ${machine.cores} cores, load average ${machine.loadBefore}`);
  const results = [];
  for (const size of sizes) {
    const largest = size === Math.max(...sizes.filter((s) => typeof s === 'number' && s <= 10_000));
    const output = execFileSync(
      process.execPath,
      [
        fileURLToPath(import.meta.url),
        '--child',
        JSON.stringify([size, workers === null ? null : Number(workers), largest ? queries : 0]),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
    );
    const result = JSON.parse(output.trim().split('\n').at(-1));
    results.push(result);
    log(
      `${size === 'mixed' ? `mixed tree, ${result.files}` : size} files: cold ${result.cold.filesPerSecond} files/s (${result.cold.workers} workers, ${result.cold.symbols} symbols, peak RSS ${result.cold.peakRssMB} MB); ` +
        `CPU ${result.cold.cpuMsPerFile} ms/file; bare parse loop ${result.baselineParseLoop.filesPerSecond} files/s, ` +
        `CPU ${result.baselineParseLoop.cpuMsPerFile} ms/file (cold/loop ${result.coldVsParseLoop}×); ` +
        `re-index unchanged ${result.reindexUnchanged.filesPerSecond} files/s`,
    );
    if (result.search) {
      for (const [kind, figures] of Object.entries(result.search))
        log(`  ${kind}: p50 ${figures.p50} ms, p95 ${figures.p95} ms (mean CPU ${figures.cpuMean} ms)`);
      log(
        `  code map: ${result.map.ms} ms, CPU ${result.map.cpuMs} ms (${result.map.files} files, ${result.map.tokens} tokens)`,
      );
    }
  }
  const summary = { machine: { ...machine, loadAfter: load() }, sizes: results };
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
}
