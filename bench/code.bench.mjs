// Code-intelligence benchmark: cold index, re-index with nothing changed, one-file change, and search
// latency, on a real corpus (default: this project's node_modules, i.e. the sources of the npm packages
// it depends on, without nested node_modules). Runs the built dist/; `npm run build` first.
//   node bench/code.bench.mjs [corpus-folder] [--workers N] [--queries N]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCodeIndex } from '../dist/code/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const positional = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
const corpus = resolve(positional ?? fileURLToPath(new URL('../node_modules', import.meta.url)));
const workers = option('--workers', undefined);
const queryCount = option('--queries', 2000);
// A corpus of dependencies keeps its code in dist/ and build/, which the default excludes skip.
const walk = { useDefaultExcludes: false, exclude: ['node_modules/', '.git/'] };

const folder = mkdtempSync(join(tmpdir(), 'ax-code-bench-'));
const index = createCodeIndex({ dbPath: join(folder, 'bench.db'), root: corpus });
const seconds = (ms) => (ms / 1000).toFixed(2);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

async function indexing() {
  console.log(`corpus ${corpus}; ${availableParallelism()} cores, load average ${load()}`);
  let started = performance.now();
  const cpuBefore = process.cpuUsage();
  const cold = await index.index({ ...walk, ...(workers === undefined ? {} : { workers }) });
  const coldMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const stats = index.stats();
  const megabytes = stats.bytes / 1e6;
  console.log(
    `cold index: ${cold.scanned} files, ${megabytes.toFixed(1)} MB, ${stats.symbols} symbols, ${stats.chunks} chunks in ${seconds(coldMs)} s ` +
      `= ${Math.round(cold.scanned / (coldMs / 1000))} files/s, ${(megabytes / (coldMs / 1000)).toFixed(1)} MB/s ` +
      `(${cold.workers} workers, ${cold.skipped.length} skipped, ${cold.partial.length} partial; load average now ${load()})`,
  );
  // process.cpuUsage counts every thread of the process, workers included.
  console.log(
    `  CPU time of all threads: ${cpuSeconds.toFixed(1)} s = ${Math.round(cold.scanned / cpuSeconds)} files per CPU-second`,
  );

  await index.index(walk); // picks up files that changed while the cold run was going
  const warmTimes = [];
  let warm;
  for (let run = 0; run < 5; run++) {
    started = performance.now();
    warm = await index.index(walk);
    warmTimes.push(performance.now() - started);
  }
  warmTimes.sort((a, b) => a - b);
  const warmMs = warmTimes[2];
  console.log(
    `re-index, nothing changed (median of 5): ${warm.unchanged} unchanged, ${warm.parsed} parsed in ${seconds(warmMs)} s = ` +
      `${Math.round(warm.scanned / (warmMs / 1000))} files/s (best ${Math.round(warm.scanned / (warmTimes[0] / 1000))} files/s)`,
  );

  // Change one file (append a line, then restore it) to time the incremental path.
  const victim = index.symbols({ name: '', prefix: true, language: 'typescript', limit: 1 })[0]?.path;
  if (!victim) return stats;
  const path = join(corpus, victim);
  const original = readFileSync(path);
  try {
    writeFileSync(path, Buffer.concat([original, Buffer.from('\nexport const benchMarker = 1;\n')]));
    started = performance.now();
    const one = await index.index(walk);
    console.log(
      `re-index after changing 1 file: ${one.parsed} parsed in ${seconds(performance.now() - started)} s`,
    );
  } finally {
    writeFileSync(path, original);
    await index.index(walk);
  }
  return stats;
}

function searching(stats) {
  const names = index.db
    .prepare(
      "SELECT DISTINCT name FROM code_symbols WHERE name GLOB '[A-Za-z_][A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_]*' ORDER BY id LIMIT 5000",
    )
    .all()
    .map((row) => String(row.name));
  // What a person types: an identifier, the words of a compound identifier, a prefix.
  const words = (name) =>
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase();
  const compound = names.filter((name) => words(name).includes(' '));
  const kinds = [
    ['identifier', (n) => names[(n * 7919) % names.length]],
    ['words of an identifier', (n) => words(compound[(n * 104729) % compound.length] ?? 'parse config')],
    ['prefix*', (n) => `${names[(n * 7919) % names.length].slice(0, 4)}*`],
  ];
  const measure = (label, run, make) => {
    for (let n = 0; n < 50; n++) run(make(n));
    const times = [];
    for (let n = 0; n < queryCount; n++) {
      const query = make(n);
      const t = performance.now();
      run(query);
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    console.log(
      `${label}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms (${times.length} queries, ${stats.symbols} symbols)`,
    );
  };
  for (const [kind, make] of kinds) {
    measure(`search, ${kind} (chunks, bm25, top 20)`, (query) => index.search(query, { limit: 20 }), make);
    measure(`symbols, ${kind} (FTS, top 20)`, (query) => index.symbols({ text: query, limit: 20 }), make);
  }
  measure('symbol by exact name', (query) => index.symbols({ name: query, limit: 20 }), kinds[0][1]);
  measure('definition', (query) => index.definition(query), kinds[0][1]);
}

try {
  searching(await indexing());
} finally {
  index.close();
  rmSync(folder, { recursive: true, force: true });
}
